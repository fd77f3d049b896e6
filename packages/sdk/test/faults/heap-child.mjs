// Run as `node --expose-gc heap-child.mjs <sdk module> <spans> <maxQueueSize>`.
// Ends that many spans against an endpoint that refuses every connection
// and prints one JSON line: heap used after gc before, during and after,
// and what the client counted. Plain JavaScript so that a bare `node`
// (with --expose-gc) can run it against any build of the SDK.
import { createServer } from 'node:net';
import { pathToFileURL } from 'node:url';

const [modulePath, spansText = '1000000', queueText = '1000'] = process.argv.slice(2);
const SPANS = Number(spansText);
const MAX_QUEUE_SIZE = Number(queueText);
/** Spans ended between yields to the event loop, so requests can fail meanwhile. */
const CHUNK = 10_000;
const MB = 1024 * 1024;

const { TelemetryClient } = await import(pathToFileURL(modulePath).href);

async function deadEndpoint() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

function heapAfterGc() {
  for (let i = 0; i < 3; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
}

const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));

async function endSpans(client, count) {
  for (let done = 0; done < count; done += CHUNK) {
    for (let i = done; i < Math.min(count, done + CHUNK); i++) {
      client.traceModelCall({ provider: 'p', model: 'm', input: `prompt ${i}` },
        (span) => span.setOutput(`answer ${i}`).setTokens({ input: 5, output: 7 }));
    }
    await yieldToLoop();
  }
}

// Limitation of the SDK under test: close() unregisters its exit hook and
// its backoff timers are unref'd, so against a dead endpoint nothing would
// keep the process alive until close() resolves (see close-child.mjs).
const keepAlive = setInterval(() => undefined, 1000);
const client = new TelemetryClient({ endpoint: await deadEndpoint(), maxRetries: 1,
  batchSize: 100, maxQueueSize: MAX_QUEUE_SIZE, flushInterval: 1000 });
const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(String(reason)));

// Warm up first, so that compiled code and pools are not counted as growth.
await endSpans(client, Math.min(SPANS, 20_000));
const warm = await client.flush();
const before = heapAfterGc();
const started = performance.now();
await endSpans(client, SPANS);
const during = heapAfterGc();
const final = await client.close();
const after = heapAfterGc();
clearInterval(keepAlive);

process.stdout.write(`${JSON.stringify({
  spans: SPANS + Math.min(SPANS, 20_000),
  maxQueueSize: MAX_QUEUE_SIZE,
  growthDuringMb: (during - before) / MB,
  growthAfterMb: (after - before) / MB,
  elapsedMs: Math.round(performance.now() - started),
  flushed: [warm, final],
  stats: client.stats,
  unhandled,
})}\n`);
