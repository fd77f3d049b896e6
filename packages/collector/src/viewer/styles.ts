/**
 * The viewer's stylesheet, served at /viewer.css. System fonts, quiet
 * colours, and one accent per span type so that agents stand out.
 */

/** The whole stylesheet. */
export const VIEWER_CSS = `
:root {
  --bg: #f7f7f8; --panel: #fff; --text: #1d1f23; --muted: #6b7078; --line: #e3e4e8;
  --accent: #3b63d6; --model: #3b82f6; --tool: #0f9f77; --agent: #8b5cf6;
  --error: #d43c3c;
  --selected: #eef2fd;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--text); background: var(--bg);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15171b; --panel: #1d2026; --text: #e6e7ea; --muted: #9197a1; --line: #2e323a;
    --selected: #262c3b;
  }
}
* { box-sizing: border-box; }
body { margin: 0; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre, .mono {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
}
.muted { color: var(--muted); }
.topbar {
  display: flex; align-items: baseline; gap: 10px; padding: 10px 24px;
  background: var(--panel); border-bottom: 1px solid var(--line);
}
.brand { font-weight: 650; font-size: 16px; color: var(--text); }
.live { margin-left: auto; font-size: 12px; color: var(--muted); }
.live::before { content: "\\25CF\\00a0"; }
.live.ok::before { color: var(--tool); }
.live.offline::before { color: var(--error); }
main { padding: 16px 24px 48px; max-width: 1400px; margin: 0 auto; }
.panel {
  background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
  margin: 12px 0;
}
.stats { display: flex; gap: 12px; flex-wrap: wrap; }
.stat {
  background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
  padding: 10px 14px; min-width: 120px; display: flex; flex-direction: column;
}
.stat-value { font-size: 20px; font-weight: 600; }
.stat-label { color: var(--muted); font-size: 12px; }
.filters {
  display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-end; margin: 14px 0;
}
.field {
  display: flex; flex-direction: column; gap: 2px; font-size: 12px; color: var(--muted);
}
input, select, button, .button {
  font: inherit; color: var(--text); background: var(--panel);
  border: 1px solid var(--line);
  border-radius: 6px; padding: 5px 8px;
}
button, .button { cursor: pointer; display: inline-block; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
.filter-actions { display: flex; gap: 6px; }
.charts {
  display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px;
}
.chart {
  margin: 0; background: var(--panel); border: 1px solid var(--line);
  border-radius: 8px; padding: 10px 12px;
}
.chart figcaption {
  display: flex; justify-content: space-between; font-size: 12px; margin-bottom: 6px;
}
.chart svg { width: 100%; height: 80px; display: block; }
.chart .bar { fill: var(--accent); opacity: .75; }
.chart .bar:hover { opacity: 1; }
.chart .axis { stroke: var(--line); }
.chart-axis { display: flex; justify-content: space-between; font-size: 11px; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); }
th { font-size: 12px; font-weight: 600; color: var(--muted); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.trace-table tbody tr { cursor: pointer; }
.trace-table tbody tr:hover, .trace-table tbody tr:focus {
  background: var(--selected); outline: none;
}
tr.has-error td:first-child { box-shadow: inset 3px 0 var(--error); }
.errors { color: var(--error); font-weight: 600; }
.nowrap { white-space: nowrap; }
.empty { padding: 24px; color: var(--muted); }
.load-more { margin: 10px; }
.badge {
  display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 9px;
  border: 1px solid currentColor; vertical-align: 1px; white-space: nowrap;
}
.badge.type-model_call { color: var(--model); }
.badge.type-tool_execution { color: var(--tool); }
.badge.type-agent { color: var(--agent); }
.trace-header h1 { font-size: 20px; margin: 8px 0 4px; }
.trace-facts { display: flex; flex-wrap: wrap; gap: 14px; font-size: 13px; }
.trace-body {
  display: grid; grid-template-columns: minmax(0, 3fr) minmax(320px, 2fr); gap: 16px;
  margin-top: 14px;
}
@media (max-width: 900px) {
  .trace-body { grid-template-columns: 1fr; }
}
.waterfall {
  background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
  overflow: hidden; align-self: start;
}
.waterfall-head, .span-row {
  display: grid; grid-template-columns: minmax(180px, 2fr) 3fr 64px; align-items: center;
}
.waterfall-head {
  font-size: 11px; color: var(--muted); border-bottom: 1px solid var(--line);
  padding: 4px 0;
}
.waterfall-head > div:first-child { padding-left: 8px; }
.ticks { display: flex; justify-content: space-between; padding: 0 8px; }
.span-row { border-bottom: 1px solid var(--line); cursor: pointer; min-height: 30px; }
.span-row:hover, .span-row:focus { background: var(--selected); outline: none; }
.span-row.selected { background: var(--selected); box-shadow: inset 3px 0 var(--accent); }
.span-row.type-agent .span-title { font-weight: 650; color: var(--agent); }
.span-name {
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; padding: 4px 8px;
}
.span-label { margin-left: 6px; font-size: 12px; }
.track { position: relative; height: 30px; margin: 0 8px; }
.track .bar {
  position: absolute; top: 9px; height: 12px; border-radius: 3px;
  background: var(--model); min-width: 2px;
}
.track .bar.type-tool_execution { background: var(--tool); }
.track .bar.type-agent { background: var(--agent); opacity: .55; }
.status-error .track .bar { background: var(--error); }
.span-duration {
  font-size: 11px; color: var(--muted); text-align: right; padding-right: 8px;
}
.status-error .span-title { color: var(--error); }
.detail {
  background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
  padding: 12px 16px; align-self: start;
}
.detail.type-agent { border-top: 3px solid var(--agent); }
.detail h2 { font-size: 16px; margin: 0 0 8px; word-break: break-word; }
.facts {
  display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; margin: 0 0 8px;
  font-size: 13px;
}
.facts dt { color: var(--muted); }
.facts dd { margin: 0; word-break: break-word; }
.block h3 {
  font-size: 12px; text-transform: uppercase; letter-spacing: .04em;
  color: var(--muted); margin: 14px 0 4px;
}
.block pre {
  margin: 0; padding: 8px 10px; background: var(--bg); border: 1px solid var(--line);
  border-radius: 6px; white-space: pre-wrap; word-break: break-word; max-height: 360px;
  overflow: auto; font-size: 12.5px;
}
.error-block .error-message {
  color: var(--error); margin: 0 0 6px; word-break: break-word;
}
.key-form {
  max-width: 420px; padding: 20px; display: flex; flex-direction: column; gap: 10px;
}
`;
