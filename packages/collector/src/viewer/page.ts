/**
 * The viewer's HTML shell. It holds no data: the script fills `#app` from
 * the query API.
 */

/** The page served at `/`. */
export const VIEWER_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>RobotForge traces</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/viewer.css">
<script src="/viewer.js" defer></script>
</head>
<body>
<header class="topbar">
  <a class="brand" href="#/">RobotForge</a>
  <span class="muted">traces</span>
  <span id="live" class="live" data-testid="live-status" aria-live="polite">
    connecting
  </span>
</header>
<main id="app"></main>
<noscript>The trace viewer needs JavaScript.</noscript>
</body>
</html>
`;
