import { afterEach, describe, expect, it, vi } from 'vitest';
import { AsyncLocalStorage } from 'node:async_hooks';
import { TelemetryClient as CoreClient } from '../src/core/telemetry.js';
import { asyncContext } from '../src/core/context.js';
import type { Clock } from '../src/core/clock.js';
import type { TelemetryOptions } from '../src/core/config.js';
import type { Platform } from '../src/core/platform.js';
import { createFetchTransport } from '../src/transports/fetch.js';
import { fakeClock, startSink, tick } from './helpers.js';

const platform: Platform = {
  runtime: 'test',
  readEnv: () => undefined,
  context: asyncContext(AsyncLocalStorage),
  createTransport: (o) => createFetchTransport({ endpoint: o.endpoint, apiKey: o.apiKey }),
};
const make = (options: TelemetryOptions, clock?: Clock) =>
  new CoreClient(options, platform, clock);

const sinks: Awaited<ReturnType<typeof startSink>>[] = [];
const sinkWith = async (reply?: Parameters<typeof startSink>[0]) => {
  const sink = await startSink(reply);
  sinks.push(sink);
  return sink;
};
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

const waitFor = async (check: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('batching', () => {
  it('sends a batch as soon as batchSize events are queued', async () => {
    const sink = await sinkWith();
    const client = make({ endpoint: sink.url, batchSize: 3, flushInterval: 60_000 });
    for (let i = 0; i < 3; i++) client.traceModelCall({}, () => i);
    await waitFor(() => sink.requests === 1);
    expect(sink.received[0]!.batch.events).toHaveLength(3);
    expect(sink.received[0]!.url).toBe('/v1/events');
    expect(sink.received[0]!.headers['content-type']).toBe('application/json');
  });

  it('sends a partial batch when flushInterval passes', async () => {
    const sink = await sinkWith();
    const clock = fakeClock();
    const client = make({ endpoint: sink.url, batchSize: 10, flushInterval: 5000 }, clock);
    client.traceModelCall({}, () => 1);
    await clock.advance(4999);
    await tick();
    expect(sink.requests).toBe(0);
    await clock.advance(1);
    await waitFor(() => sink.requests === 1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('sends the envelope of the wire format', async () => {
    const sink = await sinkWith();
    const client = make({ endpoint: sink.url, apiKey: 'rf_pk_123', projectId: 'p',
      tenantId: 't', applicationId: 'a', sessionId: 's', userId: 'u', sourceComponent: 'c' });
    client.traceModelCall({}, () => 1);
    await client.flush();
    const { batch, headers } = sink.received[0]!;
    expect(batch.sdk).toEqual({ name: '@robotforge/sdk', version: '0.1.0', runtime: 'test' });
    expect(batch.sentAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(headers.authorization).toBe('Bearer rf_pk_123');
    const event = batch.events[0]!;
    expect(event).toMatchObject({ projectId: 'p', tenantId: 't', applicationId: 'a',
      sessionId: 's', userId: 'u', sourceComponent: 'c', parentSpanId: null });
    expect(event.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(event.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(event.eventId).toMatch(/^[\w-]{21}$/);
  });

  it('generates a session id when none is given', async () => {
    const sink = await sinkWith();
    const client = make({ endpoint: sink.url });
    client.traceModelCall({}, () => 1);
    client.traceModelCall({}, () => 1);
    await client.flush();
    const [a, b] = sink.events;
    expect(a!.sessionId).toMatch(/^[\w-]{21}$/);
    expect(b!.sessionId).toBe(a!.sessionId);
  });

  it('sends no Authorization header without an apiKey', async () => {
    const sink = await sinkWith();
    const client = make({ endpoint: sink.url });
    client.traceModelCall({}, () => 1);
    await client.flush();
    expect(sink.received[0]!.headers.authorization).toBeUndefined();
    expect(sink.received[0]!.url).toBe('/v1/events');
  });
});

describe('the bounded queue', () => {
  it('drops the oldest event when the queue is full, and counts it', async () => {
    const sink = await sinkWith();
    const client = make({ endpoint: sink.url, batchSize: 1000, maxQueueSize: 5,
      flushInterval: 60_000 });
    for (let i = 0; i < 8; i++) client.traceModelCall({ name: `e${i}` }, () => i);
    const result = await client.flush();
    expect(result).toEqual({ sent: 5, failed: 0, dropped: 3 });
    expect(sink.events.map((e) => e.name)).toEqual(['e3', 'e4', 'e5', 'e6', 'e7']);
    expect(client.stats).toMatchObject({ queued: 8, sent: 5, dropped: 3,
      reasons: { queue_full: 3 } });
  });
});

describe('retries', () => {
  it('retries 500 and 503 then delivers, keeping ids and timestamps (F12)', async () => {
    const sink = await sinkWith((_, n) => (n < 2 ? { status: n === 0 ? 500 : 503 } : undefined));
    const bodies: string[] = [];
    const client = make({ endpoint: sink.url, transport: {
      send: async (batch, o) => {
        bodies.push(JSON.stringify(batch.events));
        return inner.send(batch, o);
      },
    } });
    const inner = createFetchTransport({ endpoint: sink.url });
    client.traceModelCall({}, () => 1);
    const result = await client.flush();
    expect(result).toEqual({ sent: 1, failed: 0, dropped: 0 });
    expect(sink.requests).toBe(3);
    expect(new Set(bodies).size).toBe(1);
  }, 15_000);

  it('gives up after maxRetries and counts the events as failed', async () => {
    const sink = await sinkWith(() => ({ status: 500 }));
    const client = make({ endpoint: sink.url, maxRetries: 2 }, undefined);
    const clock = fakeClock();
    const fast = make({ endpoint: sink.url, maxRetries: 2 }, { ...clock,
      setTimer: (fn) => { setImmediate(fn); return () => undefined; } });
    for (let i = 0; i < 3; i++) fast.traceModelCall({}, () => i);
    expect(await fast.flush()).toEqual({ sent: 0, failed: 3, dropped: 0 });
    expect(sink.requests).toBe(3);
    expect(fast.stats.reasons).toEqual({ retries_exhausted: 3 });
    await client.close();
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const clock = fakeClock();
    const waits: number[] = [];
    const timed: Clock = { ...clock, setTimer(fn, ms) {
      waits.push(ms);
      setImmediate(fn);
      return () => undefined;
    } };
    // The HTTP date is read against the real wall clock, to the second.
    const date = new Date(Date.now() + 8000).toUTCString();
    const sink = await sinkWith((_, n) =>
      n === 0 ? { status: 429, headers: { 'retry-after': '3' } }
        : n === 1 ? { status: 503, headers: { 'retry-after': date } } : undefined);
    const client = make({ endpoint: sink.url, flushInterval: 60_000 }, timed);
    client.traceModelCall({}, () => 1);
    waits.length = 0;
    expect((await client.flush()).sent).toBe(1);
    expect(waits[0]).toBe(3000);
    expect(waits[1]).toBeGreaterThan(6000);
    expect(waits[1]).toBeLessThanOrEqual(8000);
    expect(waits).toHaveLength(2);
  });

  it('backs off exponentially with jitter when no Retry-After is given', async () => {
    const clock = fakeClock();
    const waits: number[] = [];
    const timed: Clock = { ...clock, random: () => 1, setTimer(fn, ms) {
      waits.push(ms);
      setImmediate(fn);
      return () => undefined;
    } };
    const sink = await sinkWith(() => ({ status: 502 }));
    const client = make({ endpoint: sink.url, maxRetries: 3, flushInterval: 60_000 }, timed);
    client.traceModelCall({}, () => 1);
    waits.length = 0;
    await client.flush();
    expect(waits).toEqual([500, 1000, 2000]);
  });

  it('splits a batch the endpoint finds too large (413)', async () => {
    const sink = await sinkWith((req) =>
      req.batch.events.length > 2 ? { status: 413 } : undefined);
    const client = make({ endpoint: sink.url, batchSize: 8, flushInterval: 60_000 });
    for (let i = 0; i < 7; i++) client.traceModelCall({ name: `n${i}` }, () => i);
    expect(await client.flush()).toEqual({ sent: 7, failed: 0, dropped: 0 });
    expect(sink.received.map((r) => r.batch.events.length)).toEqual([2, 2, 2, 1]);
    expect(sink.events.map((e) => e.name)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
  });

  it('drops a batch on 401 with one warning line, and counts it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const sink = await sinkWith(() => ({ status: 401 }));
    const client = make({ endpoint: sink.url, apiKey: 'rf_sk_secret', batchSize: 1 });
    for (let i = 0; i < 3; i++) client.traceModelCall({}, () => i);
    await client.flush();
    expect(sink.requests).toBe(3);
    expect(client.stats).toMatchObject({ failed: 3, reasons: { http_401: 3 } });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0])).toContain('401');
    expect(String(warn.mock.calls[0])).not.toContain('rf_sk_secret');
    warn.mockRestore();
  });

  it('drops other 4xx without retrying', async () => {
    const sink = await sinkWith(() => ({ status: 400 }));
    const client = make({ endpoint: sink.url });
    client.traceModelCall({}, () => 1);
    expect(await client.flush()).toEqual({ sent: 0, failed: 1, dropped: 0 });
    expect(sink.requests).toBe(1);
    expect(client.stats.reasons).toEqual({ http_400: 1 });
  });

  it('counts events the endpoint rejected in a 200 answer', async () => {
    const sink = await sinkWith((req) => ({ status: 200, body: JSON.stringify({
      accepted: req.batch.events.length - 1,
      rejected: [{ eventId: req.batch.events[0]!.eventId, reason: 'bad' }] }) }));
    const client = make({ endpoint: sink.url });
    for (let i = 0; i < 4; i++) client.traceModelCall({}, () => i);
    expect(await client.flush()).toEqual({ sent: 3, failed: 1, dropped: 0 });
    expect(client.stats.reasons).toEqual({ rejected_by_endpoint: 1 });
  });

  it('treats a 200 with a malformed body as delivered', async () => {
    const sink = await sinkWith(() => ({ status: 200, body: '<html>ok' }));
    const client = make({ endpoint: sink.url });
    client.traceModelCall({}, () => 1);
    expect(await client.flush()).toEqual({ sent: 1, failed: 0, dropped: 0 });
  });

  it('keeps at most two requests in flight', async () => {
    const sink = await sinkWith(() => ({ status: 200, delayMs: 40 }));
    const client = make({ endpoint: sink.url, batchSize: 1, flushInterval: 60_000 });
    for (let i = 0; i < 10; i++) client.traceModelCall({}, () => i);
    expect((await client.flush()).sent).toBe(10);
    expect(sink.maxInFlight).toBe(2);
  });
});

describe('flush waits for answers (F2)', () => {
  it('resolves only after the endpoint answered', async () => {
    const sink = await sinkWith(() => ({ status: 200, delayMs: 150 }));
    const client = make({ endpoint: sink.url });
    for (let i = 0; i < 10; i++) client.traceModelCall({}, () => i);
    const started = Date.now();
    const result = await client.flush();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(result).toEqual({ sent: 10, failed: 0, dropped: 0 });
    expect(sink.events).toHaveLength(10);
  });

  it('includes batches already in flight when it was called', async () => {
    const sink = await sinkWith(() => ({ status: 200, delayMs: 100 }));
    const client = make({ endpoint: sink.url, batchSize: 5 });
    for (let i = 0; i < 5; i++) client.traceModelCall({}, () => i);
    await tick();
    expect(await client.flush()).toEqual({ sent: 5, failed: 0, dropped: 0 });
  });
});

describe('a dead endpoint (F9)', () => {
  it('never rejects or throws into the app, and reports through onError', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    const errors: unknown[] = [];
    const clock = fakeClock();
    const instant: Clock = { ...clock, setTimer(fn) {
      setImmediate(fn);
      return () => undefined;
    } };
    const client = make({ endpoint: 'http://127.0.0.1:9', batchSize: 10,
      onError: (e) => errors.push(e) }, { ...instant, monotonic: () => 0 });
    for (let i = 0; i < 100; i++) {
      await client.traceModelCall({}, async () => i);
    }
    const result = await client.flush();
    await new Promise((r) => setTimeout(r, 50));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
    expect(result.sent).toBe(0);
    expect(client.stats).toMatchObject({ queued: 100, sent: 0, failed: 100 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'retries_exhausted', events: 10 });
  });
});

describe('beforeSend', () => {
  it('edits or drops events, seeing them after content removal', async () => {
    const sink = await sinkWith();
    const seen: unknown[] = [];
    const client = make({ endpoint: sink.url, captureContent: false, beforeSend: (event) => {
      seen.push(event.input);
      if (event.name === 'drop me') return null;
      return { ...event, metadata: { edited: true } };
    } });
    client.traceModelCall({ name: 'keep', input: 'secret prompt' }, () => 1);
    client.traceModelCall({ name: 'drop me' }, () => 1);
    expect(await client.flush()).toEqual({ sent: 1, failed: 0, dropped: 1 });
    expect(seen).toEqual([null, null]);
    expect(sink.events[0]).toMatchObject({ name: 'keep', input: null, metadata: { edited: true } });
    expect(client.stats.reasons).toEqual({ before_send: 1 });
  });

  it('drops an event whose beforeSend throws, without throwing', async () => {
    const sink = await sinkWith();
    const client = make({ endpoint: sink.url, beforeSend: () => {
      throw new Error('hook bug');
    } });
    client.traceModelCall({}, () => 1);
    expect(await client.flush()).toEqual({ sent: 0, failed: 0, dropped: 1 });
    expect(client.stats.reasons).toEqual({ before_send_error: 1 });
  });
});

describe('sampling', () => {
  it('records nothing at sampleRate 0 and still runs the function', async () => {
    const sink = await sinkWith();
    const client = make({ endpoint: sink.url, sampleRate: 0 });
    expect(client.traceModelCall({}, () => 'value')).toBe('value');
    await client.flush();
    expect(sink.requests).toBe(0);
  });

  it('decides per trace: children follow their root', async () => {
    const sink = await sinkWith();
    const clock = fakeClock();
    let next = 0;
    const draws = [0.9, 0.1];
    const client = make({ endpoint: sink.url, sampleRate: 0.5 },
      { ...clock, random: () => draws[next++ % 2]! });
    for (let t = 0; t < 2; t++) {
      await client.traceAgent({ agentName: `root${t}` }, async () => {
        await client.traceModelCall({ name: `child${t}` }, async () => 1);
        client.traceToolExecution({ toolName: `tool${t}` }, () => 2);
      });
    }
    await client.flush();
    expect(sink.events.map((e) => e.name).sort()).toEqual(['child1', 'root1', 'tool1']);
  });
});

describe('lifecycle hooks', () => {
  it('leaves no timer armed once flush has emptied the queue', async () => {
    const sink = await sinkWith();
    const clock = fakeClock();
    const client = make({ endpoint: sink.url, flushInterval: 5000 }, clock);
    client.traceModelCall({}, () => 1);
    expect(clock.pendingTimers()).toBe(1);
    await client.flush();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('sends at shutdown with one attempt and the unloading flag', async () => {
    let hook: (() => Promise<unknown>) | undefined;
    const seen: unknown[] = [];
    const shutdownPlatform: Platform = { ...platform, onShutdown: (h) => {
      hook = h;
      return () => undefined;
    } };
    const client = new CoreClient({ transport: { send: async (_b, o) => {
      seen.push(o);
      return { kind: 'retry', reason: 'HTTP 503' };
    } } }, shutdownPlatform);
    client.traceModelCall({}, () => 1);
    await hook!();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ noRetry: true, unloading: true });
    expect(client.stats).toMatchObject({ failed: 1, reasons: { retries_exhausted: 1 } });
  });

  it('creates no random values or I/O objects until an event is built', async () => {
    const random = vi.spyOn(globalThis.crypto, 'getRandomValues');
    const Controller = vi.spyOn(globalThis, 'AbortController');
    const client = make({ transport: { send: async () => ({ kind: 'sent' }) } });
    expect(random).not.toHaveBeenCalled();
    expect(Controller).not.toHaveBeenCalled();
    random.mockRestore();
    Controller.mockRestore();
    client.traceModelCall({}, () => 1);
    await client.flush();
  });
});
