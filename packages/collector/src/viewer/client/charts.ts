/**
 * Viewer script, part 3: summary charts as inline SVG.
 *
 * Limitation: the charts summarize the traces loaded in the list (the
 * newest page, plus older pages the user loaded), not the whole store, so
 * that they follow the filters without a separate time-series endpoint.
 */
export const CHARTS_JS = String.raw`
const TIME_BUCKETS = 24;
const LATENCY_BINS = 12;
const CHART_WIDTH = 240;
const CHART_HEIGHT = 80;

// One bar per value; labels stay in HTML so the SVG can stretch freely.
function barChart(testId, title, bars, format, axis) {
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  const step = CHART_WIDTH / Math.max(1, bars.length);
  const rects = bars.map((bar, index) => {
    const height = max > 0 ? (bar.value / max) * (CHART_HEIGHT - 2) : 0;
    return s('rect', {
      x: (index * step + step * 0.1).toFixed(2),
      y: (CHART_HEIGHT - height).toFixed(2),
      width: (step * 0.8).toFixed(2),
      height: height.toFixed(2),
      class: 'bar',
    }, s('title', { text: bar.label + ': ' + format(bar.value) }));
  });
  const chart = s('svg', {
    viewBox: '0 0 ' + CHART_WIDTH + ' ' + CHART_HEIGHT,
    preserveAspectRatio: 'none',
    role: 'img',
    'aria-label': title,
  }, [
    s('line', {
      class: 'axis', x1: 0, x2: CHART_WIDTH, y1: CHART_HEIGHT, y2: CHART_HEIGHT,
    }),
    ...rects,
  ]);
  return h('figure', { class: 'chart', 'data-testid': testId }, [
    h('figcaption', {}, [
      h('span', { text: title }),
      h('span', { class: 'muted', text: 'max ' + format(max) }),
    ]),
    chart,
    h('div', { class: 'chart-axis muted' }, axis.map((text) => h('span', { text }))),
  ]);
}

function timeBuckets(traces, valueOf) {
  const times = traces.map((trace) => Date.parse(trace.startTime));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const width = Math.max(1, (last - first) / TIME_BUCKETS);
  const bars = [];
  for (let i = 0; i < TIME_BUCKETS; i++) {
    bars.push({ value: 0, label: new Date(first + i * width).toLocaleTimeString() });
  }
  traces.forEach((trace, index) => {
    const at = Math.min(TIME_BUCKETS - 1, Math.floor((times[index] - first) / width));
    bars[at].value += valueOf(trace) || 0;
  });
  const axis = [first, last].map((ms) => new Date(ms).toLocaleTimeString());
  return { bars, axis };
}

function latencyBins(traces) {
  const durations = traces.map((trace) => trace.durationMs);
  const max = Math.max(1, ...durations);
  const width = max / LATENCY_BINS;
  const bars = [];
  for (let i = 0; i < LATENCY_BINS; i++) {
    const label = fmtMs(i * width) + ' ' + DASH + ' ' + fmtMs((i + 1) * width);
    bars.push({ value: 0, label });
  }
  for (const duration of durations) {
    bars[Math.min(LATENCY_BINS - 1, Math.floor(duration / width))].value += 1;
  }
  return { bars, axis: ['0 ms', fmtMs(max)] };
}

function countTraces(n) {
  return fmtInt(n) + (n === 1 ? ' trace' : ' traces');
}

function renderCharts(traces) {
  if (traces.length === 0) return h('section', { class: 'charts empty' });
  const tokens = timeBuckets(traces, (trace) => trace.totalTokens);
  const cost = timeBuckets(traces, (trace) => trace.totalCost);
  const latency = latencyBins(traces);
  return h('section', { class: 'charts' }, [
    barChart('chart-tokens', 'Tokens over time', tokens.bars, fmtInt, tokens.axis),
    barChart('chart-cost', 'Cost over time', cost.bars, fmtCost, cost.axis),
    barChart('chart-latency', 'Trace duration', latency.bars, countTraces, latency.axis),
  ]);
}
`;
