import { expect, it } from 'vitest';
import { TelemetryClient } from '../../src/runtimes/node.js';
import type { WireBatch } from '../../src/core/schema.js';

it('an event that cannot be built is counted as dropped, never sent as { drop } in a batch', async () => {
  const batches: WireBatch[] = [];
  const client = new TelemetryClient({ flushInterval: 60_000, batchSize: 100,
    transport: { send: async (batch: WireBatch) => (batches.push(batch), { kind: 'sent' }) } });
  const span = client.startModelCall({ name: 'ok', input: 'x' });
  (span as any).name = 42; // a JS caller assigning a number to the public field
  span.end();
  client.startModelCall({ name: 'fine' }).end();
  const result = await client.flush();
  const events = batches.flatMap((b) => b.events) as any[];
  expect(events.filter((e) => 'drop' in e)).toEqual([]);
  expect(events.every((e) => typeof e.eventId === 'string')).toBe(true);
  expect(result.sent + result.failed + result.dropped).toBe(2);
  expect(result.sent).toBe(events.length);
  await client.close();
});

it('the fast redactShort gives what the general path gives for a value that is no string',
  async () => {
    const { NODE_FAST_PATHS } = await import('../../src/core/serialize-fast.js');
    const { createRedactor } = await import('../../src/core/redact.js');
    const redactor = createRedactor()!;
    for (const value of [42, null, undefined, {}, ['a'], true]) {
      const general = redactor.string(value as never);
      expect(NODE_FAST_PATHS.redactShort!(value as never, redactor)).toBe(general);
    }
  });

it('an event that cannot be built is dropped with its reason, in stats and onError',
  async () => {
    const kinds: string[] = [];
    const client = new TelemetryClient({ flushInterval: 60_000, batchSize: 100, redact: false,
      onError: (info) => void kinds.push(info.kind),
      transport: { send: async () => ({ kind: 'sent' }) } });
    const span = client.startModelCall({ name: 'ok', input: 'x' });
    (span as any).name = 42;
    span.end();
    expect(await client.flush()).toEqual({ sent: 0, failed: 0, dropped: 1 });
    expect(client.stats.reasons).toEqual({ serialize_error: 1 });
    expect(kinds).toEqual(['serialize_error']);
    await client.close();
  });
