/**
 * Breaker probes for delivery: Retry-After values that are not what the
 * standard allows (F10), endpoints with a query string, transports that
 * never answer (F2). 
 */
import { describe, expect, it } from 'vitest';
import { TelemetryClient } from '../../src/runtimes/node.js';
import { createRetryingTransport, BASE_RETRY_DELAY_MS } from '../../src/transports/retry.js';
import { parseRetryAfter } from '../../src/transports/response.js';
import type { Transport } from '../../src/transports/types.js';
import { fakeClock, startSink } from '../helpers.js';

const batch = { sentAt: '2026-01-01T00:00:00.000Z', sdk: { name: 'x', version: '0', runtime: 'node' },
  events: [] };

describe('Retry-After values that are neither delta-seconds nor an HTTP date', () => {
  it.each(['-5', '-1', 'garbage 2020', '1, 2', 'soon 1999'])(
    '%j is ignored: parseRetryAfter gives undefined', (value) => {
      expect(parseRetryAfter(value, () => Date.UTC(2026, 0, 1))).toBeUndefined();
    });

  it.each(['-5', 'garbage 2020'])(
    '%j: the retry still waits at least the backoff floor', async (value) => {
      const clock = fakeClock();
      const delays: number[] = [];
      let calls = 0;
      const inner: Transport = {
        send: async () => (calls++ === 0
          ? { kind: 'retry', reason: 'HTTP 429', status: 429,
            retryAfterMs: parseRetryAfter(value, clock.now) }
          : { kind: 'sent' }),
      };
      const transport = createRetryingTransport(inner, {
        maxRetries: 3, clock, onRetry: (_, delay) => delays.push(delay),
      });
      const sending = transport.send(batch as never);
      for (let i = 0; i < 100; i++) {
        await new Promise((r) => setImmediate(r));
        await clock.advance(100);
      }
      expect(await sending).toEqual({ kind: 'sent' });
      // A rate-limiting endpoint that sends a malformed header must not be
      // hammered with immediate retries.
      expect(delays[0]).toBeGreaterThanOrEqual(BASE_RETRY_DELAY_MS / 2);
    });

  it('a huge Retry-After is capped, never waited out', () => {
    expect(parseRetryAfter('99999999999999999999')).toBeGreaterThan(0);
    const clock = fakeClock();
    const delays: number[] = [];
    const inner: Transport = { send: async () => ({ kind: 'retry', reason: 'r',
      retryAfterMs: parseRetryAfter('99999999999999999999') }) };
    const transport = createRetryingTransport(inner, { maxRetries: 1, clock,
      onRetry: (_, d) => delays.push(d) });
    void transport.send(batch as never);
    // Let the first attempt settle before the fake time runs.
    return new Promise((r) => setImmediate(r))
      .then(() => clock.advance(200_000))
      .then(() => expect(delays).toEqual([120_000]));
  });
});

describe('an endpoint with a query string or fragment', () => {
  it('sends to {endpoint}/v1/events, or is refused at construction', async () => {
    const sink = await startSink();
    let client: TelemetryClient | undefined;
    try {
      client = new TelemetryClient({ endpoint: `${sink.url}/?tenant=acme`, flushInterval: 60_000 });
    } catch {
      // Refusing such an endpoint is an acceptable answer.
    }
    if (client) {
      client.startModelCall({ model: 'm' }).end();
      const result = await client.flush();
      await client.close();
      expect(result.sent).toBe(1);
      expect(sink.received[0]!.url.split('?')[0]).toBe('/v1/events');
    }
    await sink.close();
  });
});

describe('a transport that never answers (F2)', () => {
  it('flush() still resolves, counting the events as failed', async () => {
    const client = new TelemetryClient({
      transport: { send: () => new Promise(() => {}) }, maxRetries: 0,
    });
    client.startModelCall({ model: 'm' }).end();
    const outcome = await Promise.race([
      client.flush(),
      new Promise((r) => setTimeout(() => r('still waiting after 15 s'), 15_000)),
    ]);
    expect(outcome).toEqual({ sent: 0, failed: 1, dropped: 0 });
  }, 20_000);
});
