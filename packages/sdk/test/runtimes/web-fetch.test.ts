// The browser entry sends with a dependency-free fetch transport; it must
// answer exactly as the default ofetch transport does.
import { afterEach, describe, expect, it } from 'vitest';
import type { WireBatch } from '../../src/core/schema.js';
import { createFetchTransport } from '../../src/transports/fetch.js';
import { createWebFetchTransport } from '../../src/transports/web-fetch.js';
import { startSink, type Reply } from '../helpers.js';

const batch: WireBatch = {
  sentAt: '2026-01-01T00:00:00.000Z',
  sdk: { name: '@robotforge/sdk', version: '0', runtime: 'test' },
  events: [],
};

const sinks: Awaited<ReturnType<typeof startSink>>[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

async function bothAnswer(reply: Reply | undefined, timeoutMs?: number) {
  const sink = await startSink(reply);
  sinks.push(sink);
  const options = { endpoint: `${sink.url}/`, apiKey: 'rf_pk_1', timeoutMs };
  const viaOfetch = await createFetchTransport(options).send(batch);
  const viaFetch = await createWebFetchTransport(options).send(batch);
  return { viaOfetch, viaFetch, sink };
}

describe('the dependency-free fetch transport', () => {
  it.each<[string, Reply]>([
    ['a 200 with a batch answer', () => ({ status: 200,
      body: JSON.stringify({ accepted: 1,
        rejected: [{ eventId: 'e1', reason: 'bad' }] }) })],
    ['a 200 with no body', () => ({ status: 200, body: '' })],
    ['a 413', () => ({ status: 413 })],
    ['a 429 with Retry-After', () => ({ status: 429, headers: { 'retry-after': '7' } })],
    ['a 503', () => ({ status: 503 })],
    ['a 401', () => ({ status: 401 })],
    ['a 400', () => ({ status: 400 })],
  ])('answers %s as the ofetch transport does', async (_, reply) => {
    const { viaOfetch, viaFetch } = await bothAnswer(reply);
    expect(viaFetch).toEqual(viaOfetch);
  });

  it('sends the same request: URL, JSON body and bearer key', async () => {
    const { sink } = await bothAnswer(undefined);
    const [a, b] = sink.received;
    expect(b!.url).toBe(a!.url);
    expect(b!.batch).toEqual(a!.batch);
    expect(b!.headers['content-type']).toBe('application/json');
    expect(b!.headers.authorization).toBe('Bearer rf_pk_1');
  });

  it('answers retry on a refused connection and on a timeout, never throwing', async () => {
    const closed = await startSink();
    await closed.close();
    const options = { endpoint: closed.url };
    const refused = await createWebFetchTransport(options).send(batch);
    expect(refused).toEqual({ kind: 'retry', reason: 'network error: ECONNREFUSED' });
    // ofetch wraps the error once more, so only its reason's wording differs.
    const viaOfetch = await createFetchTransport(options).send(batch);
    expect(viaOfetch).toMatchObject({ kind: 'retry' });

    const { viaFetch } = await bothAnswer(() => ({ status: 200, delayMs: 300 }), 50);
    expect(viaFetch).toMatchObject({ kind: 'retry' });
    expect((viaFetch as { reason: string }).reason).toMatch(/^network error: /);
  });
});
