import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningCollector } from '../src/index.js';
import { decodeTraceRequest } from '../src/otlp/proto.js';
import { hexId, send, startTestCollector, T0_MS } from './fixtures.js';

let collector: RunningCollector;
afterEach(() => collector?.close());

const NANOS = (ms: number) => `${ms}000000`;

function otlpSpan(overrides: Record<string, unknown> = {}) {
  return {
    traceId: hexId(32),
    spanId: hexId(16),
    name: 'chat gpt-4o',
    kind: 3,
    startTimeUnixNano: NANOS(T0_MS),
    endTimeUnixNano: '1735732800250500000',
    attributes: [
      { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
      { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
      { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
      { key: 'gen_ai.usage.input_tokens', value: { intValue: '7' } },
    ],
    ...overrides,
  };
}

function exportOf(spans: unknown[]) {
  return { resourceSpans: [{
    resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
    scopeSpans: [{ scope: { name: 'test' }, spans }],
  }] };
}

function postJson(body: unknown, headers: Record<string, string> = {}) {
  return send(collector.url, 'POST', '/v1/traces', {
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
}

describe('POST /v1/traces with OTLP/JSON', () => {
  it('stores a GenAI span, timed from unixNano, its service as application', async () => {
    collector = await startTestCollector();
    const span = otlpSpan();

    const answer = await postJson(exportOf([span]));

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({});
    const stored = collector.store.getTrace(span.traceId)!;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      eventId: `otlp-${span.traceId}-${span.spanId}`,
      type: 'model_call', name: 'chat gpt-4o', applicationId: 'checkout',
      startTime: '2025-01-01T12:00:00.000Z', endTime: '2025-01-01T12:00:00.250Z',
      latencyMs: 250.5, tokens: { input: 7 },
    });
  });

  it('answers partialSuccess naming the reason when some spans cannot be stored', async () => {
    collector = await startTestCollector();
    const good = otlpSpan();
    const noId = otlpSpan({ spanId: '0000000000000000' });
    const noTime = otlpSpan({ startTimeUnixNano: 'soon' });

    const answer = await postJson(exportOf([good, noId, noTime]));

    expect(answer.status).toBe(200);
    expect(answer.json.partialSuccess.rejectedSpans).toBe('2');
    expect(answer.json.partialSuccess.errorMessage).toBe(
      '1 span(s): spanId: not 8 bytes of hex or base64; ' +
        '1 span(s): startTimeUnixNano: missing or not an integer');
    expect(collector.store.countEvents()).toBe(1);
  });

  it('reads base64 ids, as a protobuf-style JSON sender writes them', async () => {
    collector = await startTestCollector();
    const traceId = hexId(32);
    const span = otlpSpan({ traceId: Buffer.from(traceId, 'hex').toString('base64') });

    await postJson(exportOf([span]));

    expect(collector.store.getTrace(traceId)).toHaveLength(1);
  });

  it('accepts a gzipped body', async () => {
    collector = await startTestCollector();
    const span = otlpSpan();

    const answer = await send(collector.url, 'POST', '/v1/traces', {
      body: gzipSync(JSON.stringify(exportOf([span]))),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });

    expect(answer.status).toBe(200);
    expect(collector.store.countEvents()).toBe(1);
  });

  it('answers 415 for a media type that is neither JSON nor protobuf', async () => {
    collector = await startTestCollector();

    const answer = await send(collector.url, 'POST', '/v1/traces', {
      body: '{}', headers: { 'content-type': 'text/plain' },
    });

    expect(answer.status).toBe(415);
    expect(answer.json.error).toMatch(/^content-type must be application\/json or/);
  });

  it('answers 400 for JSON whose resourceSpans is not an array', async () => {
    collector = await startTestCollector();

    const answer = await postJson({ resourceSpans: 'many' });

    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('not an OTLP trace export: resourceSpans must be an array');
  });

  it('needs an accepted key like /v1/events', async () => {
    collector = await startTestCollector({ apiKeys: ['rf_test_key'] });
    const body = exportOf([otlpSpan()]);

    const refused = await postJson(body);
    const accepted = await postJson(body, { authorization: 'Bearer rf_test_key' });

    expect(refused.status).toBe(401);
    expect(accepted.status).toBe(200);
    expect(collector.store.countEvents()).toBe(1);
  });

  it('answers 413 when a request holds more spans than a batch may', async () => {
    collector = await startTestCollector({ maxEventsPerBatch: 2 });

    const answer = await postJson(exportOf([otlpSpan(), otlpSpan(), otlpSpan()]));

    expect(answer.status).toBe(413);
    expect(answer.json.error).toBe('request holds 3 spans; the limit is 2');
    expect(collector.store.countEvents()).toBe(0);
  });
});

describe('POST /v1/traces with OTLP/protobuf', () => {
  it('answers a malformed body with 400 and a protobuf Status', async () => {
    collector = await startTestCollector();

    const answer = await send(collector.url, 'POST', '/v1/traces', {
      body: Buffer.from([0x0a, 0xff, 0xff]),
      headers: { 'content-type': 'application/x-protobuf' },
    });

    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/x-protobuf');
    expect(answer.text).toContain('body is not an OTLP protobuf message');
  });

  it('decodes ids to base64 and times to decimal strings', () => {
    const bytes = Buffer.from([
      0x0a, 0x17, 0x12, 0x15, 0x12, 0x13, // resourceSpans > scopeSpans > spans
      0x12, 0x08, 1, 2, 3, 4, 5, 6, 7, 8, // spanId
      0x39, 0x00, 0x60, 0x38, 0x4b, 0xd8, 0xe1, 0x2b, 0x18, // startTimeUnixNano
    ]);

    const decoded = decodeTraceRequest(bytes) as any;

    const span = decoded.resourceSpans[0].scopeSpans[0].spans[0];
    expect(span.spanId).toBe(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]).toString('base64'));
    expect(span.startTimeUnixNano).toBe('1741734000000000000');
  });
});
