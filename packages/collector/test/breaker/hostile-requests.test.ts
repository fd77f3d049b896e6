/**
 * Breaker probes for the collector: malformed and hostile bodies, the same
 * eventId with other content (F12), concurrent duplicate batches, origins
 * and Host headers, spoofed forwarding headers, keys in query strings,
 * SQL-looking filters.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningCollector } from '../../src/index.js';
import { makeBatch, makeEvent, postBatch, send, startTestCollector } from '../fixtures.js';

let collector: RunningCollector;
afterEach(() => collector?.close());

const json = { 'content-type': 'application/json' };

describe('bodies that are JSON but hostile', () => {
  it('deeply nested metadata: the other events of the batch are still stored', async () => {
    collector = await startTestCollector();
    const depth = 50_000;
    const deep = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const good = makeEvent();
    const bad = makeEvent();
    const body = JSON.stringify(makeBatch([good, { ...bad, metadata: '__DEEP__' }]))
      .replace('"__DEEP__"', `{"deep":${deep}}`);
    const answer = await send(collector.url, 'POST', '/v1/events', { body, headers: json });
    // A 400 for the whole body, or the good event stored and the bad one
    // stored or rejected: never a 500 that loses the good event.
    expect(answer.status).not.toBe(500);
    if (answer.status === 200) {
      expect(collector.store.getTrace(good.traceId)).toHaveLength(1);
    }
  });

  it('keeps __proto__, constructor and prototype metadata keys as data', async () => {
    collector = await startTestCollector();
    const event = makeEvent();
    const body = JSON.stringify(makeBatch([{ ...event, metadata: '__META__' }])).replace(
      '"__META__"',
      '{"__proto__":{"polluted":true},"constructor":"Ctor","prototype":"P","ok":1}',
    );
    const answer = await send(collector.url, 'POST', '/v1/events', { body, headers: json });
    expect(answer.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const [stored] = collector.store.getTrace(event.traceId)!;
    expect(Object.keys(stored!.metadata!).sort()).toEqual(
      ['__proto__', 'constructor', 'ok', 'prototype'],
    );
  });

  it('stores NUL bytes as sent, and survives invalid UTF-8', async () => {
    collector = await startTestCollector();
    const event = makeEvent({ input: 'a\u0000b', name: 'n\u0000ame' });
    const answer = await postBatch(collector.url, makeBatch([event]));
    expect(answer.status).toBe(200);
    const [stored] = collector.store.getTrace(event.traceId)!;
    expect(stored!.input).toBe('a\u0000b');
    expect(stored!.name).toBe('n\u0000ame');

    const other = makeEvent();
    const raw = Buffer.concat([
      Buffer.from(JSON.stringify(makeBatch([{ ...other, input: 'X' }])).replace('"X"', '"')),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"' + '}]}'),
    ]);
    const invalid = await send(collector.url, 'POST', '/v1/events', { body: raw, headers: json });
    expect([200, 400]).toContain(invalid.status);
  });

  it('stores a lone surrogate (sent as a JSON escape) as one character, not three', async () => {
    collector = await startTestCollector();
    // The SDK writes lone surrogates as valid JSON escapes; JSON.stringify
    // here does the same.
    const event = makeEvent({ input: 'a\ud800c' });
    const answer = await postBatch(collector.url, makeBatch([event]));
    expect(answer.status).toBe(200);
    const [stored] = collector.store.getTrace(event.traceId)!;
    expect(['a\ud800c', 'a\ufffdc']).toContain(stored!.input);
  });

  it.each([['an array', '[1,2]'], ['a string', '"batch"'], ['null', 'null'], ['a number', '1e999']])(
    'a body that is %s gets 400', async (_, body) => {
      collector = await startTestCollector();
      const answer = await send(collector.url, 'POST', '/v1/events', { body, headers: json });
      expect(answer.status).toBe(400);
    });

  it('refuses timestamps that match the pattern but are not dates', async () => {
    collector = await startTestCollector();
    const event = makeEvent({
      startTime: '2025-13-45T99:99:99.999Z', endTime: '2025-13-45T99:99:99.999Z',
    });
    const answer = await postBatch(collector.url, makeBatch([event]));
    expect(answer.json.rejected).toHaveLength(1);
    expect(collector.store.countEvents()).toBe(0);
  });
});

describe('the same eventId (F12)', () => {
  it('with other content: stored once, the first version kept', async () => {
    collector = await startTestCollector();
    const event = makeEvent({ output: 'first' });
    await postBatch(collector.url, makeBatch([event]));
    const again = await postBatch(collector.url, makeBatch([{ ...event, output: 'second' }]));
    expect(again.status).toBe(200);
    expect(collector.store.countEvents()).toBe(1);
    expect(collector.store.getTrace(event.traceId)![0]!.output).toBe('first');
  });

  it('sent by 10 clients at once: stored once, accepted by each', async () => {
    collector = await startTestCollector();
    const batch = makeBatch(Array.from({ length: 50 }, () => makeEvent()));
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => postBatch(collector.url, batch)),
    );
    expect(answers.map((a) => a.json.accepted)).toEqual(Array(10).fill(50));
    expect(collector.store.countEvents()).toBe(50);
  });
});

describe('origins and hosts', () => {
  it('answers 403 to a foreign origin that names itself in the Host header', async () => {
    // DNS rebinding: a page at http://evil.example:<port> whose name now
    // resolves to 127.0.0.1 sends Origin and Host that match each other.
    collector = await startTestCollector();
    const port = new URL(collector.url).port;
    const answer = await send(collector.url, 'GET', '/v1/traces', {
      headers: { origin: `http://evil.example:${port}`, host: `evil.example:${port}` },
    });
    expect(answer.status).toBe(403);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('keys and rate limits', () => {
  it('does not accept an API key in the query string', async () => {
    collector = await startTestCollector({ apiKeys: ['k-123456'] });
    for (const q of ['api_key', 'key', 'apiKey', 'token']) {
      const answer = await send(collector.url, 'GET', `/v1/traces?${q}=k-123456`);
      expect(answer.status).toBe(401);
    }
  });

  it('gives no fresh bucket to a spoofed X-Forwarded-For', async () => {
    collector = await startTestCollector({ rateLimit: { requestsPerSecond: 1, burst: 2 } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const answer = await send(collector.url, 'GET', '/v1/stats', {
        headers: { 'x-forwarded-for': `10.0.0.${i}`, 'x-real-ip': `10.0.1.${i}` },
      });
      statuses.push(answer.status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
  });
});

describe('query parameters', () => {
  it('treats SQL-looking filters as plain values', async () => {
    collector = await startTestCollector();
    await postBatch(collector.url, makeBatch([makeEvent()]));
    for (const value of ["' OR 1=1 --", '") UNION SELECT * FROM events --', '%', '_']) {
      const answer = await send(collector.url, 'GET',
        `/v1/traces?model=${encodeURIComponent(value)}&user=${encodeURIComponent(value)}`);
      expect(answer.status).toBe(200);
      expect(answer.json.traces).toEqual([]);
    }
    expect(collector.store.countEvents()).toBe(1);
  });
});
