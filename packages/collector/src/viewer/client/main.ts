/**
 * Viewer script, part 9: hash routing, polling for new data, the API key
 * prompt and the live indicator.
 */
export const MAIN_JS = String.raw`
const POLL_INTERVAL_MS = 2000;
let currentView = null;
let refreshing = false;

function setLive(state, text) {
  const live = document.getElementById('live');
  if (!live) return;
  live.className = 'live ' + state;
  live.textContent = text;
}

function reportError(error) {
  if (error instanceof NeedsKeyError) showKeyPrompt();
  else setLive('offline', 'offline: ' + (error instanceof Error ? error.message : error));
}

function showKeyPrompt() {
  currentView = null;
  const input = h('input', {
    type: 'password', name: 'key', autocomplete: 'off', required: true,
  });
  const submit = (event) => {
    event.preventDefault();
    storeKey(input.value.trim());
    route();
  };
  setLive('offline', 'API key needed');
  document.getElementById('app').replaceChildren(
    h('form', { class: 'key-form panel', 'data-testid': 'key-form', onsubmit: submit }, [
      h('h2', { text: 'This collector asks for an API key' }),
      h('p', { class: 'muted', text: 'The key stays in this tab (session storage).' }),
      field('API key', input),
      h('button', { type: 'submit', class: 'primary', text: 'Open' }),
    ]));
  input.focus();
}

async function refreshView() {
  const view = currentView;
  if (!view || refreshing) return;
  refreshing = true;
  try {
    await view.refresh();
    const time = new Date().toLocaleTimeString();
    if (view === currentView) setLive('ok', 'live \u00b7 ' + time);
  } catch (error) {
    if (view === currentView) reportError(error);
  } finally {
    refreshing = false;
  }
}

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const queryAt = hash.indexOf('?');
  const path = queryAt < 0 ? hash : hash.slice(0, queryAt);
  const params = new URLSearchParams(queryAt < 0 ? '' : hash.slice(queryAt + 1));
  const match = /^\/trace\/([0-9a-f]{32})$/.exec(path);
  const app = document.getElementById('app');
  app.replaceChildren();
  refreshing = false;
  currentView = match ? traceView(app, match[1]) : listView(app, params);
  window.scrollTo(0, 0);
  return refreshView();
}

function start() {
  window.addEventListener('hashchange', route);
  // Hidden tabs stop asking; the next visible tick catches up.
  setInterval(() => {
    if (document.visibilityState !== 'hidden') refreshView();
  }, POLL_INTERVAL_MS);
  route();
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}
`;
