/**
 * Viewer script, part 5: the trace list with stats, charts and paging. It
 * refreshes the first page on every poll and keeps older pages loaded.
 */
export const LIST_JS = String.raw`
function statCards(stats) {
  if (!stats) return [];
  const card = (label, value, testId) =>
    h('div', { class: 'stat', 'data-testid': testId }, [
      h('span', { class: 'stat-value', text: value }),
      h('span', { class: 'stat-label', text: label }),
    ]);
  return [
    card('traces', fmtInt(stats.traces), 'stat-traces'),
    card('events', fmtInt(stats.events), 'stat-events'),
    card('error rate', fmtPct(stats.errorRate), 'stat-error-rate'),
    card('tokens', fmtInt(stats.totalTokens), 'stat-tokens'),
    card('cost', fmtCost(stats.totalCost), 'stat-cost'),
  ];
}

function typeBadge(type) {
  if (!type) return null;
  return h('span', { class: 'badge type-' + type, text: type.replace('_', ' ') });
}

// A heading starting with # heads a column of numbers.
function tableHead(headings) {
  return h('thead', {}, h('tr', {}, headings.map((text) => text.startsWith('#')
    ? h('th', { class: 'num', text: text.slice(1) })
    : h('th', { text }))));
}

function traceRow(trace) {
  const open = () => { location.hash = '#/trace/' + trace.traceId; };
  return h('tr', {
    'data-testid': 'trace-row',
    'data-trace-id': trace.traceId,
    class: trace.errorCount > 0 ? 'has-error' : null,
    tabindex: 0,
    onclick: open,
    onkeydown: (event) => { if (event.key === 'Enter') open(); },
  }, [
    h('td', { class: 'nowrap', text: fmtTime(trace.startTime) }),
    h('td', {}, [
      h('a', { href: '#/trace/' + trace.traceId, text: trace.rootName || trace.traceId }),
      ' ', typeBadge(trace.rootType),
    ]),
    h('td', { class: 'num', text: fmtMs(trace.durationMs) }),
    h('td', { class: 'num', text: fmtInt(trace.spanCount) }),
    h('td', { class: 'num', text: fmtInt(trace.totalTokens) }),
    h('td', { class: 'num', text: fmtCost(trace.totalCost) }),
    h('td', { class: 'num errors', text: trace.errorCount || null }),
    h('td', { class: 'muted', text: trace.sessionId || '' }),
    h('td', { class: 'muted', text: trace.userId || '' }),
  ]);
}

function traceTable(traces, filtered) {
  if (traces.length === 0) {
    return h('p', { class: 'empty', 'data-testid': 'trace-list-empty' }, filtered
      ? 'No traces match these filters.'
      : ['No traces yet. Point the SDK at ', h('code', { text: location.origin }),
        '; new traces show up here within a few seconds.']);
  }
  const headings = ['Started', 'Root span', '#Duration', '#Spans', '#Tokens', '#Cost',
    '#Errors', 'Session', 'User'];
  return h('table', { class: 'trace-table', 'data-testid': 'trace-list' }, [
    tableHead(headings),
    h('tbody', {}, traces.map(traceRow)),
  ]);
}

function modelsTable(stats) {
  if (!stats || stats.models.length === 0) return null;
  const rows = stats.models.map((row) => h('tr', {}, [
    h('td', {}, row.model
      ? h('a', { href: listHash({ model: row.model }), text: row.model })
      : h('span', { class: 'muted', text: '(no model)' })),
    h('td', { text: row.provider || '' }),
    h('td', { class: 'num', text: fmtInt(row.calls) }),
    h('td', { class: 'num', text: fmtInt(row.tokens) }),
    h('td', { class: 'num', text: fmtCost(row.cost) }),
    h('td', { class: 'num', text: fmtPct(row.errorRate) }),
    h('td', { class: 'num', text: fmtMs(row.p50LatencyMs) }),
    h('td', { class: 'num', text: fmtMs(row.p95LatencyMs) }),
  ]));
  const headings = ['Model', 'Provider', '#Calls', '#Tokens', '#Cost', '#Errors', '#p50',
    '#p95'];
  return h('table', { class: 'models-table', 'data-testid': 'models' }, [
    tableHead(headings),
    h('tbody', {}, rows),
  ]);
}

function listView(app, params) {
  const filters = {};
  for (const name of FILTER_NAMES) {
    if (params.get(name)) filters[name] = params.get(name);
  }
  const filtered = Object.keys(filters).length > 0;
  const list = { traces: [], nextCursor: null, pagedMore: false, stats: null };
  let drawn = '';

  const statsBox = h('section', { class: 'stats', 'data-testid': 'stats' });
  const modelOptions = h('datalist', { id: 'model-options' });
  const chartsBox = h('div');
  const tableBox = h('section', { class: 'panel' });
  const modelsBox = h('section', { class: 'panel' });
  app.append(statsBox, filterForm(filters, modelOptions), chartsBox, tableBox, modelsBox);

  const merge = (traces) => {
    const byId = new Map(list.traces.map((trace) => [trace.traceId, trace]));
    for (const trace of traces) byId.set(trace.traceId, trace);
    list.traces = [...byId.values()].sort((a, b) =>
      a.startTime === b.startTime
        ? (a.traceId < b.traceId ? 1 : -1)
        : (a.startTime < b.startTime ? 1 : -1));
  };

  const loadMore = async () => {
    try {
      const page = await api(tracesPath(filters, list.nextCursor));
      merge(page.traces);
      list.nextCursor = page.nextCursor;
      list.pagedMore = true;
      draw();
    } catch (error) {
      reportError(error);
    }
  };

  // Redrawing only on change keeps focus and hover where the user left them.
  const draw = () => {
    const state = JSON.stringify(list);
    if (state === drawn) return;
    drawn = state;
    statsBox.replaceChildren(...statCards(list.stats));
    updateModelOptions(modelOptions, list.stats);
    chartsBox.replaceChildren(renderCharts(list.traces));
    tableBox.replaceChildren(traceTable(list.traces, filtered));
    if (list.nextCursor) {
      tableBox.append(h('button', {
        class: 'load-more',
        'data-testid': 'load-more',
        text: 'Load older traces',
        onclick: loadMore,
      }));
    }
    modelsBox.replaceChildren(modelsTable(list.stats) || '');
  };

  const refresh = async () => {
    const [page, stats] = await Promise.all([api(tracesPath(filters)), api('/v1/stats')]);
    list.stats = stats;
    merge(page.traces);
    if (!list.pagedMore) list.nextCursor = page.nextCursor;
    draw();
  };
  return { refresh };
}
`;
