// The collector in a process of its own, so that its CPU (parsing,
// validation, SQLite) is not counted against the process sending to it.
import { fileURLToPath } from 'node:url';
import { serve, startWorker } from './worker.mjs';

const COLLECTOR = new URL('../../packages/collector/dist/index.js', import.meta.url);

function runServer() {
  let collector;
  serve({
    async start({ db }) {
      const { startCollector } = await import(COLLECTOR.href);
      // No rate limit: the bench sends far more than one client's share.
      collector = await startCollector({ port: 0, db, rateLimit: false });
      return collector.url;
    },
    count: () => collector.store.countEvents(),
    stop: () => collector?.close(),
  });
}

/**
 * Starts a collector on the SQLite file `db` in a child process.
 * @returns its URL, `count()` of stored events, and `stop()`
 */
export async function startCollectorProcess(db, { execArgv = [] } = {}) {
  const worker = startWorker(fileURLToPath(import.meta.url), { args: ['--serve'], execArgv });
  const url = await worker.request('start', { db });
  return { url, count: () => worker.request('count'), stop: () => worker.stop() };
}

/** True when the collector at `url` accepts OTLP/HTTP JSON on /v1/traces. */
export async function acceptsOtlp(url) {
  const response = await fetch(`${url}/v1/traces`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ resourceSpans: [] }),
  });
  await response.arrayBuffer();
  return response.ok;
}

if (process.argv[2] === '--serve') runServer();
