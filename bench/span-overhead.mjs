// Per-span overhead, side by side in one run: a bare async call, the same
// call traced by @robotforge/sdk (start, five setters, end, enqueue), and by
// OpenTelemetry's sdk-trace-base with a batch processor and a no-op
// exporter. Both SDKs deliver to a local sink that discards everything.
//
// Two figures for this SDK: `robotforge` is the whole cost, batch building
// (serialization, redaction, ISO dates) included, as batches of 512 leave
// during the round; `robotforge-hot-path` keeps every event queued during
// the round and builds the batch after the clock stops, which is the cost
// the traced call itself pays. Prints nanoseconds per call (median of
// repeated rounds) and ratios.
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { TelemetryClient } from '@robotforge/sdk';

const CALLS_PER_ROUND = 5_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

const discard = { send: async () => ({ kind: 'sent' }) };
const client = new TelemetryClient({
  transport: discard, batchSize: 512, maxQueueSize: 100_000, flushInterval: 60_000,
});
const queued = new TelemetryClient({
  transport: discard, batchSize: 10_000, maxQueueSize: 100_000, flushInterval: 60_000,
});

const noopExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => {},
};
const provider = new BasicTracerProvider({
  spanProcessors: [new BatchSpanProcessor(noopExporter, { maxQueueSize: 100_000,
    maxExportBatchSize: 512 })],
});
const tracer = provider.getTracer('bench');

const work = async (i) => i;

function traced(telemetry, i) {
  const span = telemetry.startModelCall({ model: 'gpt-4o-mini' });
  span.setProvider('openai').setInput('hello').setOutput('world')
    .setTokens({ input: 12, output: 30 }).setMetadata('i', i);
  const result = work(i);
  span.end();
  return result;
}

const cases = {
  bare: (i) => work(i),
  robotforge: (i) => traced(client, i),
  'robotforge-hot-path': (i) => traced(queued, i),
  opentelemetry: (i) => {
    const span = tracer.startSpan('chat gpt-4o-mini');
    span.setAttribute('gen_ai.provider.name', 'openai');
    span.setAttribute('gen_ai.input', 'hello');
    span.setAttribute('gen_ai.output', 'world');
    span.setAttribute('gen_ai.usage.input_tokens', 12);
    span.setAttribute('i', i);
    const result = work(i);
    span.end();
    return result;
  },
};

async function round(fn) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS_PER_ROUND; i++) await fn(i);
  return Number(process.hrtime.bigint() - start) / CALLS_PER_ROUND;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let r = 0; r < ROUNDS; r++) {
  // Interleave the cases so drift on a shared machine hits all alike.
  for (const [name, fn] of Object.entries(cases)) {
    samples[name].push(await round(fn));
    await Promise.all([client.flush(), queued.flush(), provider.forceFlush()]);
  }
}

const bare = median(samples.bare);
const overhead = (name) => Math.max(0, median(samples[name]) - bare);
const ours = overhead('robotforge');
const hot = overhead('robotforge-hot-path');
const otel = overhead('opentelemetry');
console.log(`per-span overhead, median of ${ROUNDS} rounds of ${CALLS_PER_ROUND} calls`);
console.log(`| case | ns per call | overhead ns | overhead vs robotforge |`);
console.log(`| --- | ---: | ---: | ---: |`);
for (const name of Object.keys(cases)) {
  const o = overhead(name);
  const ratio = name === 'bare' ? '' : (o / ours).toFixed(2);
  console.log(`| ${name} | ${median(samples[name]).toFixed(0)} | ${o.toFixed(0)} | ${ratio} |`);
}
console.log(`robotforge / opentelemetry, whole cost: ${(ours / otel).toFixed(2)}`);
console.log(`robotforge / opentelemetry, hot path: ${(hot / otel).toFixed(2)} (target <= 0.33)`);
await client.close();
await queued.close();
await provider.shutdown();
