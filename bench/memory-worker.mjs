// One SDK of the memory bench, run with --expose-gc: traces spans toward
// an endpoint that refuses every connection, with the SDK's default
// options, and reads the heap after a full GC at each checkpoint.
import { setTimeout as sleep } from 'node:timers/promises';
import { serve } from './lib/worker.mjs';

/**
 * Spans between two pauses of PAUSE_MS, about 100,000 spans a second: slow
 * enough that sends, refusals and retry backoffs run many times over.
 */
const CHUNK = 1_000;
const PAUSE_MS = 10;
const MODEL = 'gpt-4o-mini';

async function robotforge(url) {
  const { TelemetryClient } = await import('@robotforge/sdk');
  const client = new TelemetryClient({ endpoint: url });
  return {
    record(i) {
      client.startModelCall({ model: MODEL }).setProvider('openai').setInput('hello')
        .setOutput('world').setTokens({ input: 12, output: 30 }).setMetadata('i', i).end();
    },
    lost: () => client.stats.dropped + client.stats.failed,
  };
}

async function opentelemetry(url) {
  const { BasicTracerProvider, BatchSpanProcessor } =
    await import('@opentelemetry/sdk-trace-base');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  const exporter = new OTLPTraceExporter({ url: `${url}/v1/traces` });
  const provider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('bench');
  return {
    record(i) {
      const span = tracer.startSpan(`chat ${MODEL}`);
      span.setAttribute('gen_ai.provider.name', 'openai');
      span.setAttribute('gen_ai.request.model', MODEL);
      span.setAttribute('gen_ai.prompt', 'hello');
      span.setAttribute('gen_ai.completion', 'world');
      span.setAttribute('gen_ai.usage.input_tokens', 12);
      span.setAttribute('gen_ai.usage.output_tokens', 30);
      span.setAttribute('i', i);
      span.end();
    },
    lost: () => null,
  };
}

const SDKS = { robotforge, opentelemetry };

function heapAfterGc() {
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

serve({
  async run({ sdk, url, spans, checkpoints }) {
    const sender = await SDKS[sdk](url);
    const heap = { 0: heapAfterGc() };
    const started = Date.now();
    for (let i = 1; i <= spans; i++) {
      sender.record(i);
      if (i % CHUNK === 0) await sleep(PAUSE_MS);
      if (checkpoints.includes(i)) heap[i] = heapAfterGc();
    }
    const rss = process.memoryUsage().rss;
    return { heap, rss, lost: sender.lost(), seconds: (Date.now() - started) / 1000 };
  },
});
