// The traced call, once per SDK. Every case records the same facts about
// one model call (provider, model, input, output, input and output tokens,
// and one metadata key) in that SDK's usual way, around the same bare
// async call, and delivers to the loopback sink or a no-op exporter.
//
// `setup(base)` returns { call(i), flush(), close() }; `base` is the
// case's own prefix on the loopback sink, so that bytes are counted per
// case. A case with `flushAfterClock` keeps its events queued while the
// clock runs and builds and sends them after it stops.

const MODEL = 'gpt-4o-mini';
const SPAN_NAME = `chat ${MODEL}`;
/** Batch size wherever an SDK lets us choose; OpenTelemetry's default. */
const BATCH = 512;
/** Queues large enough that no case drops spans during a round. */
const QUEUE = 200_000;
/** Long enough that only batch size (or flush) triggers a send in a round. */
const INTERVAL_MS = 60_000;

/** The call being traced: a bare async function. */
export const work = async (i) => i;

async function robotforgeClient(base, batchSize) {
  const { TelemetryClient } = await import('@robotforge/sdk');
  return new TelemetryClient({
    endpoint: base, batchSize, maxQueueSize: QUEUE,
    flushInterval: INTERVAL_MS,
  });
}

function robotforgeSpan(client, i) {
  const span = client.startModelCall({ model: MODEL });
  span.setProvider('openai').setInput('hello').setOutput('world')
    .setTokens({ input: 12, output: 30 }).setMetadata('i', i);
  const result = work(i);
  span.end();
  return result;
}

function robotforgeCase(batchSize) {
  return async (base) => {
    const client = await robotforgeClient(base, batchSize);
    return {
      call: (i) => robotforgeSpan(client, i),
      flush: () => client.flush(),
      close: () => client.close(),
      lost: () => client.stats.dropped + client.stats.failed,
    };
  };
}

async function otelProvider(exporter) {
  const { BasicTracerProvider, BatchSpanProcessor } =
    await import('@opentelemetry/sdk-trace-base');
  const processor = new BatchSpanProcessor(exporter, {
    maxQueueSize: QUEUE, maxExportBatchSize: BATCH, scheduledDelayMillis: INTERVAL_MS,
  });
  return new BasicTracerProvider({ spanProcessors: [processor] });
}

function otelCase(makeExporter) {
  return async (base) => {
    const provider = await otelProvider(await makeExporter(base));
    const tracer = provider.getTracer('bench');
    return {
      call: (i) => {
        const span = tracer.startSpan(SPAN_NAME);
        span.setAttribute('gen_ai.provider.name', 'openai');
        span.setAttribute('gen_ai.input', 'hello');
        span.setAttribute('gen_ai.output', 'world');
        span.setAttribute('gen_ai.usage.input_tokens', 12);
        span.setAttribute('gen_ai.usage.output_tokens', 30);
        span.setAttribute('i', i);
        const result = work(i);
        span.end();
        return result;
      },
      flush: () => provider.forceFlush(),
      close: () => provider.shutdown(),
    };
  };
}

const noopExporter = async () => ({
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => {},
});

async function otlpHttpExporter(base) {
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  return new OTLPTraceExporter({ url: `${base}/v1/traces` });
}

async function langfuse(base) {
  // LangfuseSpanProcessor builds its own BatchSpanProcessor and takes no
  // queue size; OpenTelemetry reads this variable instead.
  process.env.OTEL_BSP_MAX_QUEUE_SIZE = String(QUEUE);
  const { BasicTracerProvider } = await import('@opentelemetry/sdk-trace-base');
  const { LangfuseSpanProcessor } = await import('@langfuse/otel');
  const { setLangfuseTracerProvider, startObservation } = await import('@langfuse/tracing');
  const processor = new LangfuseSpanProcessor({
    publicKey: 'pk-lf-bench', secretKey: 'sk-lf-bench', baseUrl: base,
    flushAt: BATCH, flushInterval: INTERVAL_MS / 1000,
  });
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  setLangfuseTracerProvider(provider);
  return {
    call: (i) => {
      const generation = startObservation(SPAN_NAME, { model: MODEL, input: 'hello' },
        { asType: 'generation' });
      generation.update({ output: 'world', usageDetails: { input: 12, output: 30 },
        metadata: { provider: 'openai', i } });
      const result = work(i);
      generation.end();
      return result;
    },
    flush: () => provider.forceFlush(),
    close: () => provider.shutdown(),
  };
}

const langfuseV3 = (batching) => async (base) => {
  const { Langfuse } = await import('langfuse');
  const client = new Langfuse({
    publicKey: 'pk-lf-bench', secretKey: 'sk-lf-bench', baseUrl: base, ...batching,
  });
  return {
    call: (i) => {
      const generation = client.generation({ name: SPAN_NAME, model: MODEL, input: 'hello',
        metadata: { provider: 'openai', i } });
      const result = work(i);
      generation.end({ output: 'world', usage: { input: 12, output: 30 } });
      return result;
    },
    flush: () => client.flushAsync(),
    close: () => client.shutdownAsync(),
  };
};

async function langsmith(base) {
  const { Client } = await import('langsmith');
  const { traceable, getCurrentRunTree } = await import('langsmith/traceable');
  const client = new Client({ apiUrl: base, apiKey: 'lsv2-bench' });
  const traced = traceable(async (input, i) => {
    const result = await work(i);
    getCurrentRunTree().metadata.i = i;
    return { output: 'world', usage_metadata: { input_tokens: 12, output_tokens: 30,
      total_tokens: 42 } };
  }, { name: SPAN_NAME, run_type: 'llm', client, tracingEnabled: true,
    metadata: { ls_provider: 'openai', ls_model_name: MODEL } });
  return {
    call: (i) => traced('hello', i),
    flush: () => client.awaitPendingTraceBatches(),
    close: () => client.awaitPendingTraceBatches(),
  };
}

async function braintrust(base) {
  const { initLogger, traced } = await import('braintrust');
  const logger = initLogger({ projectName: 'bench', apiKey: 'bench-key',
    appUrl: base, asyncFlush: true });
  return {
    call: (i) => traced(async (span) => {
      span.log({ input: 'hello', metadata: { provider: 'openai', model: MODEL, i } });
      const result = await work(i);
      span.log({ output: 'world', metrics: { prompt_tokens: 12, completion_tokens: 30 } });
      return result;
    }, { name: SPAN_NAME, type: 'llm' }),
    flush: () => logger.flush(),
    close: () => logger.flush(),
  };
}

async function robotforgeCallback(base) {
  const client = await robotforgeClient(base, BATCH);
  return {
    call: (i) => client.traceModelCall({ provider: 'openai', model: MODEL, input: 'hello' },
      async (span) => {
        const result = await work(i);
        span.setOutput('world').setTokens({ input: 12, output: 30 }).setMetadata('i', i);
        return result;
      }),
    flush: () => client.flush(),
    close: () => client.close(),
    lost: () => client.stats.dropped + client.stats.failed,
  };
}

/**
 * Every case, in table order. `packages` name what it measures (their
 * versions go in the report); `sunk` says where its events went.
 */
export const CASES = {
  'robotforge': {
    packages: ['@robotforge/sdk'], setup: robotforgeCase(BATCH),
    sunk: 'its default HTTP transport (ofetch) to the loopback sink, batches of 512',
  },
  'robotforge-hot-path': {
    packages: ['@robotforge/sdk'], setup: robotforgeCase(10_000), flushAfterClock: true,
    // A round must stay under the batch size, or a batch would leave in it;
    // and every span of a round is held until the flush, so more calls
    // would mostly measure the GC of a longer queue.
    maxCalls: 5_120,
    sunk: 'the same, but every event stays queued while the clock runs',
  },
  'robotforge-traceModelCall': {
    packages: ['@robotforge/sdk'], setup: robotforgeCallback,
    sunk: 'as `robotforge`; the callback form, which sets the active span',
  },
  'opentelemetry': {
    packages: ['@opentelemetry/sdk-trace-base'], setup: otelCase(noopExporter),
    sunk: 'BatchSpanProcessor (512) with a no-op exporter: nothing serialized',
  },
  'opentelemetry-otlp-http': {
    packages: ['@opentelemetry/sdk-trace-base', '@opentelemetry/exporter-trace-otlp-http'],
    setup: otelCase(otlpHttpExporter),
    sunk: 'BatchSpanProcessor (512), OTLP/HTTP JSON exporter to the loopback sink',
  },
  'langfuse': {
    packages: ['@langfuse/tracing', '@langfuse/otel'], setup: langfuse,
    sunk: '`baseUrl` to the loopback sink (its OTLP exporter), flushAt 512',
  },
  'langfuse-v3': {
    packages: ['langfuse'], setup: langfuseV3({ flushAt: BATCH, flushInterval: INTERVAL_MS }),
    sunk: '`baseUrl` to the loopback sink (its ingestion API), flushAt 512',
  },
  'langfuse-v3-default-batch': {
    packages: ['langfuse'], setup: langfuseV3({}),
    sunk: 'the same with its default batching (flushAt 15): it re-serializes its ' +
      'whole queue on every event, so its cost grows with flushAt',
  },
  'langsmith': {
    packages: ['langsmith'], setup: langsmith,
    sunk: '`Client({ apiUrl })` to the loopback sink, auto-batching on',
  },
  'braintrust': {
    packages: ['braintrust'], setup: braintrust,
    sunk: '`initLogger({ appUrl })`: the sink answers its login and project calls',
  },
};
