import { afterEach, describe, expect, it } from 'vitest';
import type { RunningCollector } from '../src/index.js';
import { RateLimiter } from '../src/rate-limit.js';
import { send, startTestCollector } from './fixtures.js';

let collector: RunningCollector;
afterEach(() => collector?.close());

describe('rate limiting', () => {
  it('lets a burst through, then refuses until tokens come back', () => {
    let nowMs = 0;
    const limiter = new RateLimiter({ requestsPerSecond: 2, burst: 3 }, () => nowMs);

    const burst = [limiter.take('a'), limiter.take('a'), limiter.take('a')];
    const fourth = limiter.take('a');
    nowMs = 500;
    const afterHalfSecond = limiter.take('a');

    expect(burst.every((result) => result.ok)).toBe(true);
    expect(fourth).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(afterHalfSecond).toEqual({ ok: true });
  });

  it('rounds the wait up to whole seconds', () => {
    const limiter = new RateLimiter({ requestsPerSecond: 0.25, burst: 1 }, () => 0);

    limiter.take('a');

    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 4 });
  });

  it('keeps one bucket per client', () => {
    const limiter = new RateLimiter({ requestsPerSecond: 1, burst: 1 }, () => 0);

    limiter.take('a');

    expect(limiter.take('b')).toEqual({ ok: true });
    expect(limiter.take('a').ok).toBe(false);
  });

  it('answers 429 with Retry-After once a client is over its limit', async () => {
    const nowMs = 1_000;
    collector = await startTestCollector({
      rateLimit: { requestsPerSecond: 1, burst: 2 },
      now: () => nowMs,
    });

    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(await send(collector.url, 'GET', '/v1/stats'));
    }

    expect(statuses.map((answer) => answer.status)).toEqual([200, 200, 429]);
    expect(statuses[2]!.headers['retry-after']).toBe('1');
    expect(statuses[2]!.json).toEqual({ error: 'rate limit exceeded' });
  });

  it('counts each accepted key on its own bucket', async () => {
    collector = await startTestCollector({
      apiKeys: ['a', 'b'],
      rateLimit: { requestsPerSecond: 1, burst: 1 },
      now: () => 0,
    });
    const stats = (key: string) =>
      send(collector.url, 'GET', '/v1/stats', {
        headers: { authorization: `Bearer ${key}` },
      });

    const answers = [await stats('a'), await stats('b'), await stats('a')];

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
  });
});
