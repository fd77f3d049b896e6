/**
 * The whole corpus as captured content, through the real fetch transport
 * into a real collector: every event must be accepted and stored, none
 * rejected by the collector's validation.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../collector/src/index.js';
import { TelemetryClient } from '../../src/runtimes/node.js';
import { HOSTILE_VALUES } from './corpus.js';

let collector: RunningCollector | undefined;
afterEach(async () => {
  await collector?.close();
});

describe('hostile content sent to the collector', () => {
  it('is stored in full: one event per span, none rejected', async () => {
    collector = await startCollector({ port: 0, db: ':memory:', rateLimit: false });
    const client = new TelemetryClient({ endpoint: collector.url, batchSize: 20,
      flushInterval: 60_000 });

    for (const hostile of HOSTILE_VALUES) {
      client.startModelCall({ name: `model ${hostile.name}` }).setInput(hostile.make())
        .setOutput(hostile.make()).setMetadata('value', hostile.make())
        .setError(hostile.make()).end();
      client.startToolExecution({ name: `tool ${hostile.name}`, toolName: 'probe' })
        .setRequestPayload(hostile.make()).setResponsePayload(hostile.make())
        .setMetadata({ value: hostile.make() }).end();
    }
    const result = await client.close();

    const spans = HOSTILE_VALUES.length * 2;
    expect(result).toEqual({ sent: spans, failed: 0, dropped: 0 });
    expect(client.stats.reasons).toEqual({});
    expect(collector.store.countEvents()).toBe(spans);
    const names = collector.store.db.prepare('SELECT name FROM events').all()
      .map((row) => (row as { name: string }).name);
    expect(new Set(names)).toEqual(new Set(HOSTILE_VALUES.flatMap((hostile) =>
      [`model ${hostile.name}`, `tool ${hostile.name}`])));
  }, 20_000);
});
