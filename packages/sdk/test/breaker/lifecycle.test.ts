/**
 * Breaker probes: lifecycle of a client (close twice, flush during close,
 * clients dropped without close, sampled-out volume, a tiny queue).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelemetryClient } from '../../src/runtimes/node.js';
import { startSink } from '../helpers.js';

let sink: Awaited<ReturnType<typeof startSink>>;

beforeEach(async () => {
  sink = await startSink(() => ({ status: 200, delayMs: 300 }));
});
afterEach(async () => {
  await sink.close();
});

describe('close() called twice at once', () => {
  it('the second close() resolves only after the pending events were answered', async () => {
    const client = new TelemetryClient({ endpoint: sink.url, flushInterval: 60_000 });
    client.startModelCall({ model: 'm' }).end();
    const first = client.close();
    const second = client.close();
    // A caller that awaits close() (e.g. a shutdown handler racing another
    // one) must be able to exit safely when it resolves (F2).
    const secondResult = await second;
    expect(sink.events).toHaveLength(1);
    // Both callers wait for the same flush and hear the same outcome.
    expect(await first).toEqual(secondResult);
    expect(secondResult).toEqual({ sent: 1, failed: 0, dropped: 0 });
  });
});

describe('flush() during close()', () => {
  it('resolves after the batch close() sent was answered', async () => {
    const client = new TelemetryClient({ endpoint: sink.url, flushInterval: 60_000 });
    client.startModelCall({ model: 'm' }).end();
    const closing = client.close();
    await client.flush();
    expect(sink.events).toHaveLength(1);
    await closing;
  });
});

describe('clients created and dropped in a loop', () => {
  it('add at most one beforeExit listener', () => {
    const before = process.listenerCount('beforeExit');
    for (let i = 0; i < 200; i++) new TelemetryClient({ endpoint: sink.url });
    expect(process.listenerCount('beforeExit')).toBeLessThanOrEqual(Math.max(before, 1));
  });

  it('are garbage-collected when dropped without close()', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    let refs: WeakRef<object>[] = [];
    (() => {
      for (let i = 0; i < 50; i++) {
        refs.push(new WeakRef(new TelemetryClient({ endpoint: sink.url })));
      }
    })();
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 10));
      gc();
    }
    const alive = refs.filter((ref) => ref.deref() !== undefined).length;
    refs = [];
    // A serverless or per-request pattern creates a client per invocation;
    // each one that is never closed must not stay reachable forever.
    expect(alive).toBe(0);
  });
});

describe('volume', () => {
  it('a million spans at sampleRate 0 queue nothing and keep the heap flat', () => {
    const client = new TelemetryClient({ endpoint: sink.url, sampleRate: 0 });
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 1_000_000; i++) client.startModelCall({ model: 'm' }).end();
    expect(client.stats.queued).toBe(0);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('maxQueueSize 1 keeps the newest event and counts the rest', async () => {
    const fast = await startSink();
    const client = new TelemetryClient({
      endpoint: fast.url, maxQueueSize: 1, batchSize: 100, flushInterval: 60_000,
    });
    for (let i = 0; i < 5; i++) client.startModelCall({ model: `m${i}` }).end();
    const result = await client.flush();
    expect(result).toEqual({ sent: 1, failed: 0, dropped: 4 });
    expect(fast.events.map((e) => e.model)).toEqual(['m4']);
    expect(client.stats.reasons.queue_full).toBe(4);
    await client.close();
    await fast.close();
  });
});
