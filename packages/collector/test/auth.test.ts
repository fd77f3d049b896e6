import { afterEach, describe, expect, it } from 'vitest';
import { KeyRing, bearerKey } from '../src/auth.js';
import type { RunningCollector } from '../src/index.js';
import { makeBatch, makeEvent, postBatch, send, startTestCollector } from './fixtures.js';

let collector: RunningCollector;
afterEach(() => collector?.close());

describe('API keys', () => {
  it('answers 401 to a batch without a key when keys are set', async () => {
    collector = await startTestCollector({ apiKeys: ['k-1'] });

    const answer = await postBatch(collector.url, makeBatch([makeEvent()]));

    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ error: 'missing or invalid API key' });
    expect(collector.store.countEvents()).toBe(0);
  });

  it('answers 401 to a wrong Bearer key', async () => {
    collector = await startTestCollector({ apiKeys: ['k-1'] });

    const answer = await postBatch(collector.url, makeBatch([makeEvent()]), {
      authorization: 'Bearer k-2',
    });

    expect(answer.status).toBe(401);
  });

  it('accepts a batch with a Bearer key', async () => {
    collector = await startTestCollector({ apiKeys: ['k-1', 'k-2'] });

    const answer = await postBatch(collector.url, makeBatch([makeEvent()]), {
      authorization: 'Bearer k-2',
    });

    expect(answer.json).toEqual({ accepted: 1, rejected: [] });
  });

  it('accepts a text/plain beacon carrying the key in its body', async () => {
    collector = await startTestCollector({ apiKeys: ['k-1'] });

    const answer = await send(collector.url, 'POST', '/v1/events', {
      body: JSON.stringify(makeBatch([makeEvent()], { apiKey: 'k-1' })),
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });

    expect(answer.json).toEqual({ accepted: 1, rejected: [] });
  });

  it('answers 401 to a beacon whose body key is wrong', async () => {
    collector = await startTestCollector({ apiKeys: ['k-1'] });

    const answer = await send(collector.url, 'POST', '/v1/events', {
      body: JSON.stringify(makeBatch([makeEvent()], { apiKey: 'nope' })),
      headers: { 'content-type': 'text/plain' },
    });

    expect(answer.status).toBe(401);
  });

  it('guards the query API with the same keys', async () => {
    collector = await startTestCollector({ apiKeys: ['k-1'] });

    const without = await send(collector.url, 'GET', '/v1/traces');
    const withKey = await send(collector.url, 'GET', '/v1/stats', {
      headers: { authorization: 'Bearer k-1' },
    });

    expect(without.status).toBe(401);
    expect(withKey.status).toBe(200);
    expect(withKey.json.events).toBe(0);
  });

  it('serves /healthz and the viewer page without a key', async () => {
    collector = await startTestCollector({ apiKeys: ['k-1'] });

    const health = await send(collector.url, 'GET', '/healthz');
    const page = await send(collector.url, 'GET', '/');

    expect(health.json).toEqual({ ok: true });
    expect(page.status).toBe(200);
  });

  it('lets everything in when no key is configured', () => {
    const open = new KeyRing([]);

    expect(open.open).toBe(true);
    expect(open.accepts(undefined)).toBe(true);
  });

  it('matches keys exactly, including their length', () => {
    const ring = new KeyRing(['secret']);

    expect(ring.accepts('secret')).toBe(true);
    expect(ring.accepts('secret2')).toBe(false);
    expect(ring.accepts('')).toBe(false);
  });

  it('reads the key of a Bearer header, whatever the scheme case', () => {
    const req = (authorization?: string) => ({ headers: { authorization } }) as never;

    expect(bearerKey(req('Bearer abc'))).toBe('abc');
    expect(bearerKey(req('bearer abc'))).toBe('abc');
    expect(bearerKey(req('Basic abc'))).toBeUndefined();
    expect(bearerKey(req())).toBeUndefined();
  });
});
