// One sender of the delivery bench: traces `spans` model calls as fast as
// delivery keeps up and delivers them to a collector, then reports the
// wall time and the CPU time this process spent.
//
// Producing is far faster than any collector ingests, so the sender waits
// whenever more than MAX_BACKLOG spans are still unanswered: both SDKs then
// run at the pace of their own delivery, with no queue overflowing. (An
// unbounded backlog makes OpenTelemetry's forceFlush start every batch at
// once and fail on its limit of concurrent exports.)
import { hrtime } from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startProfiling } from './lib/profile.mjs';
import { cpuNanos, turn } from './lib/stats.mjs';
import { serve } from './lib/worker.mjs';

/** Spans created between two turns of the event loop. */
const CHUNK = 100;
/** Spans created but not yet answered for, above which the sender waits. */
const MAX_BACKLOG = 4_096;
const BATCH = 512;
const MODEL = 'gpt-4o-mini';

async function robotforge(url, spans) {
  const { TelemetryClient } = await import('@robotforge/sdk');
  const client = new TelemetryClient({ endpoint: url, batchSize: BATCH, maxQueueSize: spans });
  return {
    record(i) {
      client.startModelCall({ model: MODEL }).setProvider('openai').setInput('hello')
        .setOutput('world').setTokens({ input: 12, output: 30 }).setMetadata('i', i).end();
    },
    flush: () => client.flush(),
    close: () => client.close(),
    settled: () => client.stats.sent + client.stats.failed + client.stats.dropped,
    lost: () => client.stats.dropped + client.stats.failed,
  };
}

/** Wraps an exporter to count the spans it has answered for. */
function counting(exporter) {
  const counts = { settled: 0, failed: 0 };
  return {
    counts,
    export(spans, done) {
      exporter.export(spans, (result) => {
        counts.settled += spans.length;
        if (result.code !== 0) counts.failed += spans.length;
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.(),
  };
}

async function otlpHttp(url, spans) {
  const { BasicTracerProvider, BatchSpanProcessor } =
    await import('@opentelemetry/sdk-trace-base');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  const exporter = counting(new OTLPTraceExporter({ url: `${url}/v1/traces` }));
  const provider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(exporter,
      { maxQueueSize: spans, maxExportBatchSize: BATCH })],
  });
  const tracer = provider.getTracer('bench');
  return {
    record(i) {
      const span = tracer.startSpan(`chat ${MODEL}`);
      span.setAttribute('gen_ai.operation.name', 'chat');
      span.setAttribute('gen_ai.provider.name', 'openai');
      span.setAttribute('gen_ai.request.model', MODEL);
      span.setAttribute('gen_ai.prompt', 'hello');
      span.setAttribute('gen_ai.completion', 'world');
      span.setAttribute('gen_ai.usage.input_tokens', 12);
      span.setAttribute('gen_ai.usage.output_tokens', 30);
      span.setAttribute('i', i);
      span.end();
    },
    flush: () => provider.forceFlush(),
    close: () => provider.shutdown(),
    settled: () => exporter.counts.settled,
    lost: () => exporter.counts.failed,
  };
}

const SENDERS = { robotforge, 'opentelemetry-otlp-http': otlpHttp };

serve({
  /** Sends `spans` spans; with `profileDir`, profiles the sending into it. */
  async send({ sdk, url, spans, profileDir }) {
    const sender = await SENDERS[sdk](url, spans);
    const stopProfiling = profileDir && await startProfiling();
    const cpuStart = cpuNanos();
    const start = hrtime.bigint();
    for (let i = 0; i < spans; i++) {
      sender.record(i);
      if (i % CHUNK !== CHUNK - 1) continue;
      await turn();
      while (i + 1 - sender.settled() > MAX_BACKLOG) await sleep(1);
    }
    await sender.flush();
    const wallNs = Number(hrtime.bigint() - start);
    const cpuNs = cpuNanos() - cpuStart;
    if (stopProfiling) await stopProfiling(profileDir);
    const lost = sender.lost();
    await sender.close();
    return { wallNs, cpuNs, lost };
  },
});
