/**
 * Our OTLP output checked against official OpenTelemetry packages: the
 * attribute names against `@opentelemetry/semantic-conventions`, and the
 * span encoding against what `@opentelemetry/otlp-transformer` writes for
 * the same span made with `@opentelemetry/sdk-trace-base`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { context, trace, type HrTime } from '@opentelemetry/api';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import * as semconv from '@opentelemetry/semantic-conventions/incubating';
import { describe, expect, it } from 'vitest';
import type { OtlpSpan } from '../../src/transports/otlp-attributes.js';
import { toOtlpSpan } from '../../src/transports/otlp-mapping.js';
import { attributesOf, plain, recordingClient } from './helpers.js';

/** One of each kind of span, with as many convention attributes as the SDK writes. */
async function sampleSpans(): Promise<OtlpSpan[]> {
  const { client, events } = recordingClient();
  await client.traceAgent({ agentName: 'planner', agentId: 'a-1',
    metadata: { conversationId: 'conv-1' } }, async () => {
    client.traceModelCall({ provider: 'openai', model: 'gpt-4o', temperature: 0.5,
      input: [{ role: 'user', content: 'Hi' }],
      metadata: { parameters: { max_tokens: 9, top_p: 1, top_k: 3, seed: 7, n: 2,
        frequency_penalty: 0.1, presence_penalty: 0.2, stop: ['x'] }, stream: true,
      responseId: 'r-1', responseModel: 'gpt-4o-1', finishReason: 'stop',
      timeToFirstTokenMs: 80 } },
    (s) => s.setOutput('Hello').setTokens({ input: 5, output: 2, cacheRead: 1,
      cacheCreation: 1, reasoning: 1 }));
    client.traceModelCall({ name: 'embeddings', model: 'e', metadata: {
      parameters: { dimensions: 8, encoding_format: 'float' } } }, () => 1);
    client.traceToolExecution({ toolName: 'search', input: { q: 1 },
      metadata: { toolCallId: 'c-1', toolType: 'function', toolDescription: 'Finds' } },
    (s) => s.setOutput('found'));
  });
  await client.flush();
  return events().map(toOtlpSpan);
}

/** `gen_ai.*` attribute names of the semantic conventions package, by status. */
function conventionNames() {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@opentelemetry/semantic-conventions/incubating')
    .replace(/index-incubating\.(c|m)?js$/, 'experimental_attributes.d.mts');
  const text = readFileSync(file, 'utf8');
  const replaced = new Set<string>();
  const declaration = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*declare const \w+: "([^"]+)";/g;
  for (const [, doc, key] of text.matchAll(declaration)) {
    // Moved to the GenAI repository is fine; replaced or removed is not.
    if (/@deprecated (Replaced|Removed)/.test(doc!)) replaced.add(key!);
  }
  const values: unknown[] = Object.values(semconv);
  const known = new Set(values.filter((v): v is string => typeof v === 'string'));
  return { known, replaced };
}

describe('attribute names', () => {
  it('are all current names of the GenAI semantic conventions', async () => {
    const spans = await sampleSpans();
    const { known, replaced } = conventionNames();
    const emitted = new Set(spans.flatMap((s) => s.attributes.map((a) => a.key))
      .filter((key) => key.startsWith('gen_ai.')));

    expect([...emitted].filter((key) => !known.has(key))).toEqual([]);
    expect([...emitted].filter((key) => replaced.has(key))).toEqual([]);
    expect(replaced.has('gen_ai.system')).toBe(true);
    expect(emitted.size).toBe(35);
  });

  it('take the well-known values of operation and provider', async () => {
    const spans = await sampleSpans();
    const operations = spans.map((s) => attributesOf(s.attributes)['gen_ai.operation.name']);

    expect(operations.sort()).toEqual([
      semconv.GEN_AI_OPERATION_NAME_VALUE_CHAT,
      semconv.GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
      semconv.GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
      semconv.GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
    ]);
    const chat = spans.find((s) => s.name === 'chat gpt-4o')!;
    expect(attributesOf(chat.attributes)[semconv.ATTR_GEN_AI_PROVIDER_NAME])
      .toBe(semconv.GEN_AI_PROVIDER_NAME_VALUE_OPENAI);
  });
});

const hrTime = (nanos: string): HrTime =>
  [Number(BigInt(nanos) / 1_000_000_000n), Number(BigInt(nanos) % 1_000_000_000n)];

/** The same span made and serialized by the official SDK. */
function officialTwin(ours: OtlpSpan): Record<string, any> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    idGenerator: { generateTraceId: () => ours.traceId, generateSpanId: () => ours.spanId },
  });
  const parent = ours.parentSpanId
    ? trace.setSpanContext(context.active(), { traceId: ours.traceId,
      spanId: ours.parentSpanId, traceFlags: 1 })
    : context.active();
  const attributes = Object.fromEntries(ours.attributes.map((a) => [a.key, plain(a.value)]));
  const span = provider.getTracer('t').startSpan(ours.name, {
    kind: ours.kind - 1, attributes: attributes as any,
    startTime: hrTime(ours.startTimeUnixNano),
  }, parent);
  for (const event of ours.events) {
    const eventAttributes = attributesOf(event.attributes) as any;
    span.addEvent(event.name, eventAttributes, hrTime(event.timeUnixNano));
  }
  const { code, message } = ours.status;
  if (code) span.setStatus({ code, message });
  span.end(hrTime(ours.endTimeUnixNano));
  const bytes = JsonTraceSerializer.serializeRequest(exporter.getFinishedSpans())!;
  return JSON.parse(new TextDecoder().decode(bytes)).resourceSpans[0].scopeSpans[0].spans[0];
}

/**
 * Drops what only one side writes, and reads numbers alike: the official
 * SDK cannot tell a whole double (`top_p: 1`) from an int, and writes ints
 * as JSON numbers where we write strings; both are valid OTLP/JSON.
 */
function comparable(span: Record<string, any>) {
  const { droppedAttributesCount, droppedEventsCount, droppedLinksCount, links, flags,
    ...rest } = span;
  return JSON.parse(JSON.stringify(rest, (key, value) => {
    if (key === 'droppedAttributesCount') return undefined;
    if (value && typeof value === 'object' && ('intValue' in value || 'doubleValue' in value)) {
      return { number: Number(value.intValue ?? value.doubleValue) };
    }
    return value;
  }));
}

describe('span encoding', () => {
  it('matches what the official serializer writes for the same spans', async () => {
    const spans = await sampleSpans();

    for (const ours of spans) {
      const official = officialTwin(ours);
      expect(comparable(ours)).toEqual(comparable(official));
      expect(typeof official.startTimeUnixNano).toBe('string');
    }
  });
});
