import { afterEach, describe, expect, it, vi } from 'vitest';
import { TelemetryClient } from '../../src/runtimes/node.js';
import { MAX_COPIES_IN_FLIGHT, teeTransport } from '../../src/transports/tee.js';
import type { Transport, TransportResult } from '../../src/transports/types.js';
import { watchProcess } from '../faults/workload.js';

const primary: Transport = { send: async () => ({ kind: 'sent' }) };
const hung: Transport = { send: () => new Promise(() => {}) };
const nullProto: Transport = { send: async () => {
  throw Object.create(null);
} };
const retrying: Transport = {
  send: async () => ({ kind: 'retry', reason: 'HTTP 503' }),
};

/** One span's batch, as the client would send it. */
async function spanBatch(name = 'm') {
  const batches: Parameters<Transport['send']>[0][] = [];
  const client = new TelemetryClient({ flushInterval: 60_000,
    transport: { send: async (b) => (batches.push(b), { kind: 'sent' }) } });
  client.startModelCall({ model: name }).end();
  await client.close();
  return batches[0]!;
}

afterEach(() => vi.restoreAllMocks());

describe('teeTransport: a failing secondary never changes the primary\'s count', () => {
  it.each([
    ['rejects with a null-prototype object', nullProto],
    ['answers undefined', { send: async () => undefined as never }],
    ['answers a value that is not a result', { send: async () => 'ok' as never }],
    ['throws before answering', { send: () => { throw new Error('bug'); } }],
  ])('counts the event as sent when the secondary %s', async (_, secondary) => {
    const guard = watchProcess();
    const client = new TelemetryClient({ flushInterval: 60_000, maxRetries: 0,
      transport: teeTransport(primary, secondary as Transport) });
    client.startModelCall({ model: 'm' }).end();
    const result = await client.flush();
    await client.close();
    expect(await guard.stop()).toEqual([]);
    expect(result).toEqual({ sent: 1, failed: 0, dropped: 0 });
  });

  it('tells onSecondaryResult of a secondary answer that is not a result', async () => {
    const told: TransportResult[] = [];
    const tee = teeTransport(primary, { send: async () => undefined as never },
      { onSecondaryResult: (result) => told.push(result) });
    expect(await tee.send(await spanBatch())).toEqual({ kind: 'sent' });
    await vi.waitFor(() => expect(told).toHaveLength(1));
    const reason = 'not a transport result: undefined';
    expect(told[0]).toEqual({ kind: 'failed', reason });
  });

  it('answers failed when the primary rejects with a null-prototype object',
    async () => {
      const result = await teeTransport(nullProto, primary).send(await spanBatch());
      expect(result.kind).toBe('failed');
    });
});

describe('teeTransport with a secondary that never answers', () => {
  it('sends the primary once and counts it sent, not waiting for the copy', async () => {
    let primaryCalls = 0;
    const counting: Transport = { send: async () => {
      primaryCalls++;
      return { kind: 'sent' };
    } };
    const client = new TelemetryClient({ flushInterval: 60_000, maxRetries: 1,
      transport: teeTransport(counting, hung) });
    client.startModelCall({ model: 'm' }).end();
    const started = Date.now();
    const result = await client.flush();
    await client.close();
    expect(result).toEqual({ sent: 1, failed: 0, dropped: 0 });
    expect(primaryCalls).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('holds at most MAX_COPIES_IN_FLIGHT copies, reports the rest skipped', async () => {
    let copies = 0;
    const told: TransportResult[] = [];
    const secondary: Transport = { send: () => (copies++, new Promise(() => {})) };
    const tee = teeTransport(primary, secondary,
      { onSecondaryResult: (result) => told.push(result) });
    for (let i = 0; i < MAX_COPIES_IN_FLIGHT + 3; i++) {
      expect(await tee.send(await spanBatch(`m${i}`))).toEqual({ kind: 'sent' });
    }
    expect(copies).toBe(MAX_COPIES_IN_FLIGHT);
    expect(told.map((r) => r.kind === 'failed' && r.code)).toEqual(
      ['tee_busy', 'tee_busy', 'tee_busy']);
    const reason = expect.stringContaining('3 event(s) skipped');
    expect(told[2]).toMatchObject({ reason });
  });

  it('does not copy events again while their copy is still in flight', async () => {
    let copies = 0;
    const tee = teeTransport(retrying,
      { send: () => (copies++, new Promise(() => {})) });
    const batch = await spanBatch();
    await tee.send(batch);
    await tee.send(batch);
    expect(copies).toBe(1);
  });

  it('copies the events again on the next attempt once a copy has failed', async () => {
    const seen: number[] = [];
    const tee = teeTransport(retrying, { send: async (b) => {
      seen.push(b.events.length);
      return { kind: 'failed', reason: 'HTTP 500' };
    } });
    const batch = await spanBatch();
    await tee.send(batch);
    await new Promise((r) => setTimeout(r, 0));
    await tee.send(batch);
    expect(seen).toEqual([1, 1]);
  });
});

describe('teeTransport debug logging', () => {
  it('logs a failed copy only when debug is on', async () => {
    const lines: unknown[][] = [];
    vi.spyOn(console, 'debug').mockImplementation((...args) => void lines.push(args));
    const failing: Transport = {
      send: async () => ({ kind: 'failed', reason: 'HTTP 401' }),
    };
    await teeTransport(primary, failing).send(await spanBatch());
    await teeTransport(primary, failing, { debug: true }).send(await spanBatch());
    await vi.waitFor(() => expect(lines).toHaveLength(1));
    expect(lines[0]).toEqual(['[robotforge:transport]',
      'copy of 1 event(s) not sent: HTTP 401']);
  });

  it('logs a thrown error without the credentials of a URL it quotes', async () => {
    const lines: unknown[][] = [];
    vi.spyOn(console, 'debug').mockImplementation((...args) => void lines.push(args));
    const throwing: Transport = { send: async () => {
      throw new TypeError('bad URL https://robot:hunter2@otel.test/v1/traces?key=k1');
    } };
    await teeTransport(primary, throwing, { debug: true }).send(await spanBatch());
    await vi.waitFor(() => expect(lines).toHaveLength(1));
    expect(lines[0]![1]).toBe('copy of 1 event(s) not sent: ' +
      'transport threw: TypeError: bad URL https://otel.test/v1/traces');
  });
});
