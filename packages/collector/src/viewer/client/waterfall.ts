/**
 * Viewer script, part 6: a trace's spans as a tree, drawn as a timing
 * waterfall. Indentation shows nesting; each bar sits at the span's start
 * and is as wide as its duration, relative to the whole trace.
 */
export const WATERFALL_JS = String.raw`
// Depth-first order; spans whose parent never arrived are drawn as roots.
function spanTree(spans) {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map();
  const roots = [];
  for (const span of spans) {
    const parent = span.parentSpanId;
    if (parent && ids.has(parent) && parent !== span.spanId) {
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(span);
    } else {
      roots.push(span);
    }
  }
  const rows = [];
  const seen = new Set();
  const visit = (span, depth) => {
    // A malformed trace may loop through its parents; each span is drawn once.
    if (seen.has(span.eventId)) return;
    seen.add(span.eventId);
    rows.push({ span, depth });
    for (const child of children.get(span.spanId) || []) visit(child, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  return rows;
}

function traceBounds(spans) {
  const start = Math.min(...spans.map((span) => Date.parse(span.startTime)));
  const end = Math.max(...spans.map((span) => Date.parse(span.endTime)));
  return { start, end, duration: Math.max(1, end - start) };
}

function spanLabel(span) {
  if (span.type === 'agent') return span.agentName ? 'agent ' + span.agentName : 'agent';
  if (span.type === 'model_call') return span.model || span.provider || '';
  return span.toolName || '';
}

function spanRow(row, bounds, selected, onSelect) {
  const span = row.span;
  const offset = Date.parse(span.startTime) - bounds.start;
  const width = Math.max(0, Date.parse(span.endTime) - Date.parse(span.startTime));
  const bar = h('div', { class: 'bar type-' + span.type });
  bar.style.left = ((offset / bounds.duration) * 100).toFixed(3) + '%';
  bar.style.width = Math.max(0.4, (width / bounds.duration) * 100).toFixed(3) + '%';
  const name = h('div', { class: 'span-name' }, [
    h('span', { class: 'span-title', text: span.name }),
    ' ', typeBadge(span.type),
    spanLabel(span) && h('span', { class: 'muted span-label', text: spanLabel(span) }),
  ]);
  name.style.paddingLeft = (row.depth * 16 + 8) + 'px';
  const classes = ['span-row', 'type-' + span.type, 'status-' + span.status];
  if (selected) classes.push('selected');
  return h('div', {
    class: classes.join(' '),
    role: 'button',
    tabindex: 0,
    'data-testid': 'span-row',
    'data-span-id': span.spanId,
    'data-span-name': span.name,
    'data-depth': row.depth,
    'data-type': span.type,
    onclick: () => onSelect(span),
    onkeydown: (event) => { if (event.key === 'Enter') onSelect(span); },
  }, [
    name,
    h('div', { class: 'track' }, bar),
    h('div', { class: 'span-duration', text: fmtMs(span.latencyMs) }),
  ]);
}

function waterfall(rows, bounds, selectedId, onSelect) {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) =>
    h('span', { class: 'tick', text: fmtMs(bounds.duration * share) }));
  return h('div', { class: 'waterfall', 'data-testid': 'waterfall' }, [
    h('div', { class: 'waterfall-head' }, [
      h('div', { text: 'Span' }), h('div', { class: 'ticks' }, ticks), h('div'),
    ]),
    ...rows.map((row) => spanRow(row, bounds, row.span.eventId === selectedId, onSelect)),
  ]);
}
`;
