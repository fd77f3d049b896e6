import { expect, it } from 'vitest';
import { TelemetryClient } from '../../src/runtimes/node.js';
import { teeTransport } from '../../src/transports/tee.js';
import type { WireBatch } from '../../src/core/schema.js';

it('teeTransport sends the secondary each span once when the primary splits a batch after a 413', async () => {
  for (const beforeSend of [(e: any) => e, undefined]) {
    const copies: string[] = [];
    let primaryCalls = 0;
    const primary = { send: async (batch: WireBatch) =>
      (primaryCalls++ === 0 ? { kind: 'too-large' as const, reason: '413' } : { kind: 'sent' as const }) };
    const secondary = { send: async (batch: WireBatch) => {
      copies.push(...batch.events.map((e) => e.spanId));
      return { kind: 'sent' as const };
    } };
    const client = new TelemetryClient({ flushInterval: 60_000, batchSize: 100, beforeSend,
      transport: teeTransport(primary, secondary) });
    for (let i = 0; i < 4; i++) client.startModelCall({ name: 'n' + i, input: 'x' }).end();
    expect(await client.flush()).toEqual({ sent: 4, failed: 0, dropped: 0 });
    await new Promise((r) => setTimeout(r, 20));
    expect({ eager: !!beforeSend, copies: copies.length, distinct: new Set(copies).size })
      .toEqual({ eager: !!beforeSend, copies: 4, distinct: 4 });
    await client.close();
  }
});
