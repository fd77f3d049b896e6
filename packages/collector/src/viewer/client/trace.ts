/**
 * Viewer script, part 8: one trace's page, with its header figures, the
 * waterfall and the selected span's details.
 */
export const TRACE_JS = String.raw`
function traceHeader(traceId, spans, rows) {
  const bounds = traceBounds(spans);
  const calls = spans.filter((span) => span.type === 'model_call');
  // Model calls only: agent spans may repeat their calls' usage.
  const tokens = calls.reduce((sum, span) => sum + spanTokens(span), 0);
  // Known costs only; none known is shown as unknown, never as $0.
  const priced = calls.filter((span) => typeof span.cost === 'number');
  const cost = calls.length === 0 ? 0
    : priced.length === 0 ? null : priced.reduce((sum, span) => sum + span.cost, 0);
  const errors = spans.filter((span) => span.status === 'error').length;
  const root = rows.length ? rows[0].span : spans[0];
  return h('header', { class: 'trace-header', 'data-testid': 'trace-header' }, [
    h('a', { href: '#/', class: 'back', text: '\u2190 All traces' }),
    h('h1', {}, [root.name, ' ', typeBadge(root.type)]),
    h('div', { class: 'trace-facts' }, [
      h('span', { class: 'mono muted', text: traceId }),
      h('span', { text: fmtTime(new Date(bounds.start).toISOString()) }),
      h('span', { text: fmtMs(bounds.end - bounds.start) }),
      h('span', { text: plural(spans.length, 'span') }),
      h('span', { text: fmtInt(tokens) + ' tokens' }),
      h('span', { text: fmtCost(cost) }),
      errors > 0 && h('span', { class: 'errors', text: plural(errors, 'error') }),
    ]),
  ]);
}

function plural(count, noun) {
  return fmtInt(count) + ' ' + noun + (count === 1 ? '' : 's');
}

function spanTokens(span) {
  const tokens = span.tokens || {};
  if (tokens.total !== undefined) return tokens.total;
  return (tokens.input || 0) + (tokens.output || 0);
}

function traceView(app, traceId) {
  let spans = null;
  let selectedId = null;
  let drawn = '';

  const draw = () => {
    if (!spans) {
      const text = 'No events for trace ' + traceId +
        ' yet. This page will update when they arrive.';
      app.replaceChildren(
        h('a', { href: '#/', class: 'back', text: '\u2190 All traces' }),
        h('p', { class: 'empty', 'data-testid': 'trace-missing', text }),
      );
      return;
    }
    const rows = spanTree(spans);
    const selected = spans.find((span) => span.eventId === selectedId) || rows[0].span;
    const select = (span) => {
      selectedId = span.eventId;
      draw();
    };
    app.replaceChildren(
      traceHeader(traceId, spans, rows),
      h('div', { class: 'trace-body' }, [
        waterfall(rows, traceBounds(spans), selected.eventId, select),
        spanDetail(selected),
      ]),
    );
  };

  const refresh = async () => {
    const body = await api(tracePath(traceId));
    const next = body ? body.spans : null;
    // Redraws only when spans arrived, so that scrolling and selection stay put.
    const state = JSON.stringify(next && next.map((span) => span.eventId));
    if (state === drawn) return;
    drawn = state;
    spans = next && next.length ? next : null;
    draw();
  };
  return { refresh };
}
`;
