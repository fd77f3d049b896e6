// Part 3, memory against a dead endpoint: heap after a million spans sent
// toward a loopback port that nothing listens on, for this SDK and for
// OpenTelemetry (BatchSpanProcessor and OTLP/HTTP exporter), each with its
// default options in a child process started with --expose-gc.
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { isMain, runStandalone } from './lib/report.mjs';
import { int, mib } from './lib/stats.mjs';
import { withVersions } from './lib/versions.mjs';
import { startWorker } from './lib/worker.mjs';

const WORKER = fileURLToPath(new URL('./memory-worker.mjs', import.meta.url));
const SPANS = 1_000_000;
const CHECKPOINTS = [100_000, 250_000, 500_000, 750_000, 1_000_000];
/** Growth from the first checkpoint to the last that still counts as flat. */
const FLAT_GROWTH_BYTES = 1024 * 1024;
const SDKS = {
  robotforge: ['@robotforge/sdk'],
  opentelemetry: ['@opentelemetry/sdk-trace-base', '@opentelemetry/exporter-trace-otlp-http'],
};

/** A loopback URL whose port was free a moment ago and is closed now. */
async function deadEndpoint() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

async function measure(sdk, url) {
  const worker = startWorker(WORKER, { execArgv: ['--expose-gc'], quiet: true });
  try {
    return await worker.request('run', { sdk, url, spans: SPANS, checkpoints: CHECKPOINTS });
  } finally {
    await worker.stop();
  }
}

/** @returns {Promise<import('./lib/report.mjs').PartResult>} */
export async function run() {
  const url = await deadEndpoint();
  const results = {};
  for (const sdk of Object.keys(SDKS)) results[sdk] = await measure(sdk, url);

  const growth = (r) => r.heap[CHECKPOINTS.at(-1)] - r.heap[CHECKPOINTS[0]];
  const ours = results.robotforge;
  return {
    title: 'Memory against a dead endpoint',
    intro: [
      `Each SDK, with its default options, traces ${int(SPANS)} model-call spans toward ` +
      '`127.0.0.1` on a port that was just closed, so every request is refused and ' +
      'retried as the SDK sees fit. Spans come 1,000 at a time with a 10 ms pause ' +
      'between (about 100,000 a second), so that sends, refusals and retry backoffs ' +
      'run many times over. The heap is ' +
      'read with `process.memoryUsage().heapUsed` after a forced full GC (`--expose-gc`) ' +
      'before the first span and at each checkpoint; one child process per SDK.',
    ],
    tables: [{
      columns: ['SDK', 'before', ...CHECKPOINTS.map((n) => `after ${int(n)}`),
        'growth from 100,000', 'RSS at the end', 'seconds', 'packages'],
      align: `l${'r'.repeat(CHECKPOINTS.length + 4)}l`,
      rows: Object.entries(results).map(([sdk, r]) => [sdk, mib(r.heap[0]),
        ...CHECKPOINTS.map((n) => mib(r.heap[n])), mib(growth(r)), mib(r.rss),
        r.seconds.toFixed(1), withVersions(SDKS[sdk]).join(', ')]),
    }],
    notes: [
      `robotforge counted ${int(ours.lost)} of ${int(SPANS)} events as lost (queue ` +
      'full or failed after retries), as it should with nowhere to send them.',
    ],
    targets: [{
      goal: 'memory stays flat against a dead endpoint',
      measured: `heap grew ${mib(growth(ours))} from ${int(CHECKPOINTS[0])} to ` +
        `${int(SPANS)} spans (flat: under ${mib(FLAT_GROWTH_BYTES)})`,
      met: growth(ours) < FLAT_GROWTH_BYTES,
    }],
    data: results,
  };
}

if (isMain(import.meta.url)) await runStandalone(run);
