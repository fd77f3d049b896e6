import { describe, expect, it } from 'vitest';
import { TelemetryConfigError } from '../../src/core/config.js';
import type { WireBatch } from '../../src/core/schema.js';
import { TelemetryClient } from '../../src/runtimes/node.js';
import { createOtlpTransport } from '../../src/transports/otlp.js';
import { teeTransport } from '../../src/transports/tee.js';
import type { Transport, TransportResult } from '../../src/transports/types.js';
import { recordingClient } from './helpers.js';

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that records requests and answers with the given responses in turn. */
function fakeFetch(...answers: (() => Response)[]) {
  const calls: Call[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const answer = answers[Math.min(calls.length, answers.length) - 1];
    return answer ? answer() : new Response('{}');
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

async function oneBatch(): Promise<WireBatch> {
  const { client, batches } = recordingClient();
  client.traceModelCall({ model: 'm' }, () => 1);
  client.traceToolExecution({ toolName: 't' }, () => 2);
  await client.flush();
  return batches[0]!;
}

describe('createOtlpTransport', () => {
  it('POSTs the batch as OTLP/JSON to {endpoint}/v1/traces with the headers', async () => {
    const { fetch, calls } = fakeFetch();
    const transport = createOtlpTransport({ endpoint: 'http://otel.test:4318/',
      headers: { 'x-honeycomb-team': 'k' }, fetch });

    const result = await transport.send(await oneBatch());

    expect(result).toEqual({ kind: 'sent' });
    expect(calls[0]!.url).toBe('http://otel.test:4318/v1/traces');
    expect(calls[0]!.init.headers).toEqual(
      { 'content-type': 'application/json', 'x-honeycomb-team': 'k' });
    const body = JSON.parse(calls[0]!.init.body as string);
    expect(body.resourceSpans[0].scopeSpans[0].spans.map((s: any) => s.name))
      .toEqual(['chat m', 'execute_tool t']);
  });

  it('maps HTTP answers like the RobotForge transport does', async () => {
    const batch = await oneBatch();
    const answer = async (status: number, headers: Record<string, string> = {}) => {
      const { fetch } = fakeFetch(() => new Response('', { status, headers }));
      return createOtlpTransport({ endpoint: 'http://otel.test', fetch }).send(batch);
    };

    expect(await answer(503, { 'retry-after': '2' })).toEqual(
      { kind: 'retry', reason: 'HTTP 503', status: 503, retryAfterMs: 2000 });
    expect(await answer(413)).toEqual({ kind: 'too-large', reason: 'HTTP 413' });
    expect(await answer(400)).toEqual(
      { kind: 'failed', reason: 'HTTP 400', status: 400, code: 'http_400' });
  });

  it('counts the spans a partial success rejected as failed', async () => {
    const partial = { partialSuccess: { rejectedSpans: '1', errorMessage: 'bad span' } };
    const { fetch } = fakeFetch(() => new Response(JSON.stringify(partial)));
    const client = new TelemetryClient({ flushInterval: 60_000,
      transport: createOtlpTransport({ endpoint: 'http://otel.test', fetch }) });

    client.traceModelCall({}, () => 1);
    client.traceModelCall({}, () => 2);
    const result = await client.flush();

    expect(result).toEqual({ sent: 1, failed: 1, dropped: 0 });
    expect(client.stats.reasons).toEqual({ rejected_by_endpoint: 1 });
  });

  it('answers retry on a network error instead of throwing', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof globalThis.fetch;

    const result = await createOtlpTransport({ endpoint: 'http://otel.test', fetch })
      .send(await oneBatch());

    expect(result).toEqual({ kind: 'retry', reason: 'network error: ECONNREFUSED' });
  });

  it('keeps credentials in a failing URL out of the reason', async () => {
    const fetch = (async () => {
      throw new TypeError('bad URL https://user:hunter2@otel.test/v1/traces?token=abc');
    }) as unknown as typeof globalThis.fetch;

    const result = await createOtlpTransport({ endpoint: 'http://otel.test', fetch })
      .send(await oneBatch());

    expect(result).toEqual({ kind: 'retry',
      reason: 'network error: bad URL https://otel.test/v1/traces' });
  });

  it('fails at construction when the endpoint is not an http(s) URL', () => {
    expect(() => createOtlpTransport({ endpoint: 'otel:4318' })).toThrow(TelemetryConfigError);
    expect(() => createOtlpTransport({ endpoint: 'otel:4318' })).toThrow(/"endpoint"/);
  });
});

/** A transport that answers from a list and records the event ids it saw. */
function scripted(...results: TransportResult[]) {
  const seen: string[][] = [];
  const transport: Transport = {
    send: async (batch) => {
      seen.push(batch.events.map((e) => e.eventId));
      return results[Math.min(seen.length, results.length) - 1]!;
    },
  };
  return { transport, seen };
}

describe('teeTransport', () => {
  it("answers with the primary's result whatever the secondary says", async () => {
    const primary = scripted({ kind: 'sent' });
    const secondary = scripted({ kind: 'failed', reason: 'HTTP 401' });
    const told: string[] = [];
    const tee = teeTransport(primary.transport, secondary.transport,
      { onSecondaryResult: (result) => told.push(result.kind) });

    const result = await tee.send(await oneBatch());

    expect(result).toEqual({ kind: 'sent' });
    expect(told).toEqual(['failed']);
    expect(primary.seen[0]).toEqual(secondary.seen[0]);
  });

  it('reports a primary failure even when the copy was accepted', async () => {
    const primary = scripted({ kind: 'failed', reason: 'HTTP 401', code: 'http_401' });
    const tee = teeTransport(primary.transport, scripted({ kind: 'sent' }).transport);

    expect(await tee.send(await oneBatch())).toMatchObject({ kind: 'failed' });
  });

  it('never resends the secondary what it accepted when the primary retries', async () => {
    const primary = scripted({ kind: 'retry', reason: 'HTTP 503' }, { kind: 'sent' });
    const secondary = scripted({ kind: 'sent' });
    const tee = teeTransport(primary.transport, secondary.transport);
    const batch = await oneBatch();

    await tee.send(batch);
    await tee.send(batch);

    expect(primary.seen).toHaveLength(2);
    expect(secondary.seen).toHaveLength(1);
  });

  it('survives a secondary that throws', async () => {
    const throwing: Transport = { send: async () => {
      throw new Error('bug');
    } };
    const tee = teeTransport(scripted({ kind: 'sent' }).transport, throwing);

    expect(await tee.send(await oneBatch())).toEqual({ kind: 'sent' });
  });
});
