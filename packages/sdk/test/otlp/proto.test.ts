/**
 * The OTLP/HTTP protobuf transport: what it sends (checked against the
 * official OpenTelemetry serializer), how it reads answers, and a round
 * trip through the collector's OTLP ingest.
 */
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { startCollector, type RunningCollector } from '@robotforge/collector';
import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryConfigError } from '../../src/core/config.js';
import type { WireBatch } from '../../src/core/schema.js';
import { TelemetryClient } from '../../src/runtimes/node.js';
import type { OtlpTraceRequest } from '../../src/transports/otlp-attributes.js';
import { createOtlpTransport, toOtlpTraceRequest } from '../../src/transports/otlp.js';
import { TraceResponseMessage } from '../../src/transports/otlp-proto-schema.js';
import { teeTransport } from '../../src/transports/tee.js';
import {
  createOtlpProtoTransport,
  encodeOtlpTraceRequest,
} from '../../src/transports/otlp-proto.js';
import { recordingClient } from './helpers.js';
import { comparable, decodeRequest, firstSpan, officialBytes } from './proto-helpers.js';

/** A fetch that records requests and answers with `answer` each time. */
function fakeFetch(answer: () => Response = () => new Response(null)) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answer();
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

/** One batch of an agent holding a model call and a failing tool. */
async function sampleBatch(): Promise<WireBatch> {
  const { client, batches } = recordingClient({ applicationId: 'shop' });
  await client.traceAgent({ agentName: 'planner', agentId: 'a-1' }, async () => {
    client.traceModelCall({ provider: 'openai', model: 'gpt-4o', temperature: 0.5,
      input: [{ role: 'user', content: 'Hi' }],
      metadata: { parameters: { max_tokens: 9, top_p: 1, stop: ['x'] }, stream: true } },
    (s) => s.setOutput('Hello').setTokens({ input: 5, output: 2, reasoning: 1 }));
    client.traceToolExecution({ toolName: 'search', input: { q: 1 } },
      (s) => s.setError(new RangeError('no results')));
  });
  await client.flush();
  return batches[0]!;
}

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('encodeOtlpTraceRequest', () => {
  it('decodes field for field like the official serializer output', async () => {
    const request = toOtlpTraceRequest(await sampleBatch());
    const spans = request.resourceSpans[0]!.scopeSpans[0]!.spans;

    expect(spans.map((s) => s.name)).toEqual(['chat gpt-4o', 'execute_tool search',
      'invoke_agent planner']);
    for (const ours of spans) {
      const alone: OtlpTraceRequest = { resourceSpans: [{ resource: { attributes: [] },
        scopeSpans: [{ scope: { name: 't', version: '1' }, spans: [ours] }] }] };
      const decoded = firstSpan(decodeRequest(encodeOtlpTraceRequest(alone)));
      const official = firstSpan(decodeRequest(officialBytes(ours)));

      expect(comparable(decoded)).toEqual(comparable(official));
      expect(official.traceId).toBe(ours.traceId);
      expect(official.startTimeUnixNano).toBe(ours.startTimeUnixNano);
    }
  });

  it('writes ids as bytes and 64-bit integers past 2^53 exactly', () => {
    const span = { traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      parentSpanId: '00f067aa0ba902b7', flags: 1, name: 'n', kind: 3,
      startTimeUnixNano: '1700000000123456789', endTimeUnixNano: '1700000000987654321',
      attributes: [{ key: 'big', value: { intValue: '9007199254740993' } },
        { key: 'negative', value: { intValue: '-42' } }],
      events: [], status: { code: 2, message: 'boom' } };
    const bytes = encodeOtlpTraceRequest({ resourceSpans: [{ resource: { attributes: [] },
      scopeSpans: [{ scope: { name: 's', version: '1' }, spans: [span] }] }] });

    const decoded = firstSpan(decodeRequest(bytes));
    expect(decoded.traceId).toBe(span.traceId);
    expect(decoded.parentSpanId).toBe(span.parentSpanId);
    expect(hexOf(bytes)).toContain(`0a10${span.traceId}1208${span.spanId}`);
    expect(decoded.startTimeUnixNano).toBe('1700000000123456789');
    expect(decoded.endTimeUnixNano).toBe('1700000000987654321');
    expect(decoded.attributes.map((a: any) => a.value.intValue))
      .toEqual(['9007199254740993', '-42']);
    expect(decoded.status).toEqual({ code: 2, message: 'boom' });
  });
});

describe('createOtlpProtoTransport', () => {
  it('POSTs the batch as protobuf to {endpoint}/v1/traces with the headers', async () => {
    const { fetch, calls } = fakeFetch();
    const transport = createOtlpProtoTransport({ endpoint: 'http://otel.test:4318/',
      headers: { 'x-honeycomb-team': 'k' }, serviceName: 'bot', fetch });
    const batch = await sampleBatch();

    const result = await transport.send(batch);

    expect(result).toEqual({ kind: 'sent' });
    expect(calls[0]!.url).toBe('http://otel.test:4318/v1/traces');
    expect(calls[0]!.init.headers).toEqual(
      { 'content-type': 'application/x-protobuf', 'x-honeycomb-team': 'k' });
    const body = calls[0]!.init.body as Uint8Array;
    const json = toOtlpTraceRequest(batch, { serviceName: 'bot' });
    expect(hexOf(body)).toBe(hexOf(encodeOtlpTraceRequest(json)));
    const resource = decodeRequest(body).resourceSpans[0].resource;
    expect(resource.attributes[0]).toMatchObject(
      { key: 'service.name', value: { stringValue: 'bot' } });
  });

  it('classifies HTTP answers exactly as the JSON transport does', async () => {
    const batch = await sampleBatch();
    const both = async (status: number, headers: Record<string, string> = {}) => {
      const { fetch } = fakeFetch(() => new Response(null, { status, headers }));
      const options = { endpoint: 'http://otel.test', fetch };
      const proto = await createOtlpProtoTransport(options).send(batch);
      expect(proto).toEqual(await createOtlpTransport(options).send(batch));
      return proto;
    };

    expect(await both(200)).toEqual({ kind: 'sent' });
    expect(await both(503, { 'retry-after': '2' })).toEqual(
      { kind: 'retry', reason: 'HTTP 503', status: 503, retryAfterMs: 2000 });
    expect(await both(429)).toEqual({ kind: 'retry', reason: 'HTTP 429', status: 429 });
    expect(await both(413)).toEqual({ kind: 'too-large', reason: 'HTTP 413' });
    expect(await both(400)).toEqual(
      { kind: 'failed', reason: 'HTTP 400', status: 400, code: 'http_400' });
  });

  it('counts the spans a protobuf partial success rejected as failed', async () => {
    const partial = { partialSuccess: { rejectedSpans: 1, errorMessage: 'bad span' } };
    const answer = TraceResponseMessage.encode(partial).finish();
    // The answer is what the official deserializer reads as one rejected span.
    expect(ProtobufTraceSerializer.deserializeResponse(answer)).toEqual(partial);
    const { fetch } = fakeFetch(() => new Response(new Uint8Array(answer),
      { headers: { 'content-type': 'application/x-protobuf' } }));
    const client = new TelemetryClient({ flushInterval: 60_000,
      transport: createOtlpProtoTransport({ endpoint: 'http://otel.test', fetch }) });

    client.traceModelCall({}, () => 1);
    client.traceModelCall({}, () => 2);
    const result = await client.flush();

    expect(result).toEqual({ sent: 1, failed: 1, dropped: 0 });
    expect(client.stats.reasons).toEqual({ rejected_by_endpoint: 1 });
    await client.close();
  });

  it('reads a partial success that a receiver answered in JSON', async () => {
    const partial = { partialSuccess: { rejectedSpans: '2', errorMessage: 'too old' } };
    const { fetch } = fakeFetch(() => Response.json(partial));

    const result = await createOtlpProtoTransport({ endpoint: 'http://otel.test', fetch })
      .send(await sampleBatch());

    expect(result).toEqual({ kind: 'sent', response: { accepted: 1, rejected: [
      { eventId: '', reason: 'too old' }, { eventId: '', reason: 'too old' }] } });
  });

  it('takes a 2xx answer that is not a response message as accepted', async () => {
    const { fetch } = fakeFetch(() => new Response('ok'));

    const result = await createOtlpProtoTransport({ endpoint: 'http://otel.test', fetch })
      .send(await sampleBatch());

    expect(result).toEqual({ kind: 'sent' });
  });

  it('fails a batch it cannot encode without sending it', async () => {
    const batch = await sampleBatch();
    const broken = { ...batch, events: [{ ...batch.events[0]!, spanId: 'not-hex' }] };
    const { fetch, calls } = fakeFetch();

    const result = await createOtlpProtoTransport({ endpoint: 'http://otel.test', fetch })
      .send(broken);

    expect(result).toEqual({ kind: 'failed', code: 'encode',
      reason: 'not encodable: SyntaxError: not a hex id: not-hex' });
    expect(calls).toHaveLength(0);
  });

  it('answers retry on a network error instead of throwing', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof globalThis.fetch;

    const result = await createOtlpProtoTransport({ endpoint: 'http://otel.test', fetch })
      .send(await sampleBatch());

    expect(result).toEqual({ kind: 'retry', reason: 'network error: ECONNREFUSED' });
  });

  it('fails at construction when the endpoint is not an http(s) URL', () => {
    expect(() => createOtlpProtoTransport({ endpoint: 'otel:4318' }))
      .toThrow(TelemetryConfigError);
    expect(() => createOtlpProtoTransport({ endpoint: 'otel:4318' }))
      .toThrow(/"endpoint"/);
  });
});

let collector: RunningCollector | undefined;
afterEach(() => collector?.close());

describe('the protobuf transport and the collector together', () => {
  it('deliver model, tool and agent spans with their fields and links', async () => {
    collector = await startCollector({ port: 0, db: ':memory:' });
    const answerTypes: (string | null)[] = [];
    const fetch: typeof globalThis.fetch = async (url, init) => {
      const response = await globalThis.fetch(url, init);
      answerTypes.push(response.headers.get('content-type'));
      return response;
    };
    const sent: WireBatch[] = [];
    const client = new TelemetryClient({ flushInterval: 60_000, applicationId: 'shop',
      transport: teeTransport(
        createOtlpProtoTransport({ endpoint: collector.url, fetch }),
        { send: async (batch) => (sent.push(batch), { kind: 'sent' }) },
      ) });

    await client.traceAgent({ agentName: 'planner', agentId: 'a-1' }, async () => {
      client.traceModelCall({ provider: 'anthropic', model: 'claude', temperature: 0.7 },
        (s) => s.setOutput('because').setTokens({ input: 9, output: 4 }).setCost(0.01));
      client.traceToolExecution({ toolName: 'http' },
        (s) => s.setError(new SyntaxError('bad gateway body')));
    });
    const result = await client.flush();

    expect(result).toEqual({ sent: 3, failed: 0, dropped: 0 });
    expect(answerTypes).toEqual(['application/x-protobuf']);
    const [agent, ...children] = sent[0]!.events.slice().reverse();
    const answer = await globalThis.fetch(`${collector.url}/v1/traces/${agent!.traceId}`);
    const { spans } = (await answer.json()) as { spans: Record<string, any>[] };
    const byType = Object.fromEntries(spans.map((s) => [s.type, s]));
    expect(Object.keys(byType).sort()).toEqual(['agent', 'model_call', 'tool_execution']);
    expect(byType.model_call).toMatchObject({ provider: 'anthropic', model: 'claude',
      temperature: 0.7, tokens: { input: 9, output: 4 }, cost: 0.01, status: 'success' });
    expect(byType.tool_execution).toMatchObject({ toolName: 'http', status: 'error',
      error: { type: 'SyntaxError', message: 'bad gateway body' } });
    expect(byType.agent).toMatchObject({ agentName: 'planner', agentId: 'a-1',
      spanId: agent!.spanId, startTime: agent!.startTime, endTime: agent!.endTime });
    expect(byType.agent!.parentSpanId ?? null).toBeNull();
    for (const child of children) {
      expect(byType[child.type]).toMatchObject(
        { eventId: child.eventId, spanId: child.spanId, parentSpanId: agent!.spanId });
    }
    await client.close();
  });
});
