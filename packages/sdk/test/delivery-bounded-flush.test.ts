/**
 * A client holds at most `maxQueueSize` events plus the batches on the
 * wire, however often `flush()` is called while the endpoint is slow (F10),
 * and every flush still answers for exactly the events it waited on (F2).
 */
import { describe, expect, it } from 'vitest';
import { TelemetryClient } from '../src/runtimes/node.js';
import { TelemetryClient as CoreClient } from '../src/core/telemetry.js';
import { syncContext } from '../src/core/context.js';
import type { Platform } from '../src/core/platform.js';
import type { TransportResult } from '../src/transports/types.js';

/** A transport whose requests stay open until the test answers them. */
function heldTransport() {
  const open: { size: number; answer(result: TransportResult): void }[] = [];
  const seen: unknown[] = [];
  const transport = {
    send: (batch: { events: unknown[] }, options?: unknown) => {
      seen.push(options);
      return new Promise<TransportResult>((answer) => {
        open.push({ size: batch.events.length, answer });
      });
    },
  };
  /** Answers the oldest open request as sent. */
  const answerOne = async () => {
    open.shift()!.answer({ kind: 'sent' });
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { transport, open, seen, answerOne };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const held = (client: TelemetryClient) => {
  const s = client.stats;
  return s.queued - s.sent - s.failed - s.dropped;
};

describe('flush() while the endpoint is slow', () => {
  it('holds at most the queue plus the batches on the wire, dropping the oldest',
    async () => {
    const client = new TelemetryClient({
      maxQueueSize: 50, batchSize: 10, flushInterval: 60_000, maxRetries: 0,
      // An endpoint that never answers (the retry layer gives up after 12 s).
      transport: { send: () => new Promise(() => {}) },
    });
    // 2,000 requests, each ending one span and calling flush() without
    // awaiting it (a serverless-style handler, or a `void client.flush()`).
    for (let i = 0; i < 2000; i++) {
      client.startModelCall({ model: 'm' }).end();
      void client.flush();
    }

    const s = client.stats;
    // At most the queue plus the two batches in flight may be held.
    expect(held(client)).toBeLessThanOrEqual(50 + 2 * 10);
    expect(s.reasons.queue_full ?? 0).toBeGreaterThan(0);
    expect(s.dropped).toBe(2000 - held(client));
  });

  it('answers a waiting flush with the events dropped while it waited', async () => {
    const { transport, open, answerOne } = heldTransport();
    const client = new TelemetryClient({ maxQueueSize: 5, batchSize: 2,
      flushInterval: 60_000, maxRetries: 0, transport });
    for (let i = 0; i < 9; i++) client.startModelCall({}).end();
    let result: unknown;
    void client.flush().then((r) => (result = r));
    // Two batches on the wire, five events queued; three more push out the
    // three oldest of those the flush waits on.
    for (let i = 0; i < 3; i++) client.startModelCall({}).end();
    expect(open.map((request) => request.size)).toEqual([2, 2]);
    expect(held(client)).toBe(9);

    await answerOne();
    await answerOne();
    expect(result).toBeUndefined();
    expect(open.map((request) => request.size)).toEqual([2, 2]);
    await answerOne();
    expect(result).toEqual({ sent: 6, failed: 0, dropped: 3 });

    const rest = client.flush();
    await answerOne();
    await answerOne();
    expect(await rest).toEqual({ sent: 3, failed: 0, dropped: 0 });
    expect(client.stats).toMatchObject({ queued: 12, sent: 9, dropped: 3 });
  });

  it('resolves concurrent flushes in turn, each once its own events are answered',
    async () => {
    const { transport, open, answerOne } = heldTransport();
    const client = new TelemetryClient({ batchSize: 1, flushInterval: 60_000,
      maxRetries: 0, transport });
    const order: string[] = [];
    client.startModelCall({}).end();
    const first = client.flush().then((r) => (order.push('first'), r));
    client.startModelCall({}).end();
    client.startModelCall({}).end();
    const second = client.flush().then((r) => (order.push('second'), r));
    expect(open).toHaveLength(2);

    await answerOne();
    expect(order).toEqual(['first']);
    await answerOne();
    expect(order).toEqual(['first']);
    await answerOne();
    expect(order).toEqual(['first', 'second']);
    expect(await first).toEqual({ sent: 1, failed: 0, dropped: 0 });
    expect(await second).toEqual({ sent: 2, failed: 0, dropped: 0 });
  });

  it('hands every batch to waitUntil, those a flush drains included', async () => {
    const { transport, answerOne } = heldTransport();
    const handed: Promise<unknown>[] = [];
    const client = new TelemetryClient({ batchSize: 2, flushInterval: 60_000,
      maxRetries: 0, transport, waitUntil: (promise) => handed.push(promise) });
    for (let i = 0; i < 9; i++) client.startModelCall({}).end();
    const done = client.flush();
    for (let i = 0; i < 5; i++) await answerOne();

    expect(await done).toEqual({ sent: 9, failed: 0, dropped: 0 });
    expect(handed).toHaveLength(5);
    await settle();
  });

  it('makes one attempt per batch at exit, however many wait for a slot', async () => {
    const { transport, open, seen } = heldTransport();
    let hook: (() => Promise<unknown>) | undefined;
    const platform: Platform = {
      runtime: 'test', readEnv: () => undefined, context: syncContext,
      createTransport: () => transport,
      onShutdown: (h) => ((hook = h), () => undefined),
    };
    const client = new CoreClient({ batchSize: 2, flushInterval: 60_000, maxRetries: 3,
      transport }, platform);
    for (let i = 0; i < 7; i++) client.startModelCall({}).end();
    const done = hook!();
    while (open.length > 0) {
      open.shift()!.answer({ kind: 'retry', reason: 'HTTP 503' });
      await settle();
    }

    expect(await done).toEqual({ sent: 0, failed: 7, dropped: 0 });
    expect(seen).toHaveLength(4);
    // The first two left before the exit; its abort ended their retries.
    expect(seen.slice(2)).toMatchObject([
      { noRetry: true, unloading: true }, { noRetry: true, unloading: true }]);
  });
});
