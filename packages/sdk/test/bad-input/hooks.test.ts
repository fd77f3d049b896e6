/**
 * Hooks the user hands the client (`waitUntil`, `beforeSend`, `onError`)
 * that throw or return nonsense at run time: the app must see nothing,
 * and only the event concerned may be lost, counted with a reason.
 */
import { describe, expect, it } from 'vitest';
import { TelemetryClient } from '../../src/runtimes/node.js';
import { watchProcess } from '../faults/workload.js';
import { capturingTransport } from './checks.js';

describe('a waitUntil that throws', () => {
  it('raises no unhandled rejection and delivers every event', async () => {
    const guard = watchProcess();
    const capture = capturingTransport();
    const client = new TelemetryClient({ transport: capture.transport, batchSize: 2,
      flushInterval: 5, waitUntil: () => {
        throw new Error('waitUntil failed');
      } });

    for (let i = 0; i < 10; i++) client.traceModelCall({}, () => i);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await client.close();

    expect(await guard.stop()).toEqual([]);
    expect(client.stats).toMatchObject({ queued: 10, sent: 10, failed: 0 });
  });
});

describe('a beforeSend that returns something other than an event', () => {
  it.each([
    ['a number', () => 42],
    ['a string', () => 'event'],
    ['an empty object', () => ({})],
    ['an event holding a BigInt', (event: object) => ({ ...event, metadata: { n: 1n } })],
  ])('drops only that event when it returns %s', async (_, result) => {
    const capture = capturingTransport();
    const client = new TelemetryClient({ transport: capture.transport, batchSize: 10,
      flushInterval: 60_000, beforeSend: (event) =>
        (event.name === 'odd' ? result(event) : event) as never });

    client.traceModelCall({ name: 'fine' }, () => 1);
    client.traceModelCall({ name: 'odd' }, () => 2);
    client.traceModelCall({ name: 'also fine' }, () => 3);
    const flushed = await client.flush();
    await client.close();

    expect(capture.events().map((event) => event.name)).toEqual(['fine', 'also fine']);
    expect(flushed).toEqual({ sent: 2, failed: 0, dropped: 1 });
    expect(client.stats.dropped).toBe(1);
  });
});

describe('an onError that throws', () => {
  it('is absorbed: the app sees nothing and the loss is still counted', async () => {
    const guard = watchProcess();
    let calls = 0;
    const client = new TelemetryClient({ flushInterval: 60_000,
      transport: { send: async () =>
        ({ kind: 'failed', reason: 'refused', code: 'http_400' }) },
      onError: () => {
        calls++;
        throw new Error('handler bug');
      } });

    client.traceModelCall({}, () => 1);
    expect(await client.flush()).toEqual({ sent: 0, failed: 1, dropped: 0 });
    await client.close();

    expect(calls).toBe(1);
    expect(client.stats.reasons).toEqual({ http_400: 1 });
    expect(await guard.stop()).toEqual([]);
  });
});

describe('a custom transport that answers nonsense', () => {
  it.each([
    ['an unknown kind', { kind: 'ok' }],
    ['null', null],
    ['a string', 'sent'],
    ['nothing', undefined],
  ])('counts the batch as failed (invalid_transport_result) when it answers %s',
    async (_, answer) => {
      const guard = watchProcess();
      const client = new TelemetryClient({ flushInterval: 60_000,
        transport: { send: async () => answer as never } });
      client.traceModelCall({}, () => 1);
      client.traceModelCall({}, () => 2);

      expect(await client.flush()).toEqual({ sent: 0, failed: 2, dropped: 0 });
      await client.close();
      expect(client.stats.reasons).toEqual({ invalid_transport_result: 2 });
      expect(await guard.stop()).toEqual([]);
    });

  it('counts every event sent when its `rejected` list is not a list', async () => {
    const client = new TelemetryClient({ flushInterval: 60_000,
      transport: { send: async () => ({ kind: 'sent', response: { rejected: 'x' } }) as never } });
    client.traceModelCall({}, () => 1);

    expect(await client.flush()).toEqual({ sent: 1, failed: 0, dropped: 0 });
    await client.close();
  });
});
