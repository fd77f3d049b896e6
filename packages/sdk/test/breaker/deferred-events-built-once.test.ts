import { expect, it } from 'vitest';
import { TelemetryClient } from '../../src/runtimes/node.js';
import type { WireBatch } from '../../src/core/schema.js';

it('a deferred event keeps its eventId when its batch is split after a 413 (as an eager one does)', async () => {
  for (const beforeSend of [undefined, (e: any) => e]) {
    const attempts: string[][] = [];
    const client = new TelemetryClient({ flushInterval: 60_000, batchSize: 100, beforeSend,
      transport: { send: async (batch: WireBatch) => {
        attempts.push(batch.events.map((e) => e.eventId));
        return attempts.length === 1 ? { kind: 'too-large', reason: '413' } : { kind: 'sent' };
      } } });
    for (let i = 0; i < 4; i++) client.startModelCall({ name: 'n' + i, input: 'x' }).end();
    expect(await client.flush()).toEqual({ sent: 4, failed: 0, dropped: 0 });
    const first = attempts[0]!;
    const resent = attempts.slice(1).flat();
    expect({ beforeSend: !!beforeSend, resent }).toEqual({ beforeSend: !!beforeSend, resent: first });
    await client.close();
  }
});
