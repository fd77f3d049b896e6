/**
 * In Node, a span that holds only strings and numbers is queued as it is
 * and its event built as its batch leaves: the event must be the one that
 * building it when the span ended would have given.
 */
import { describe, expect, it } from 'vitest';
import { TelemetryClient } from '../src/runtimes/node.js';
import type { WireBatch, WireEvent } from '../src/core/schema.js';

/** Fields that differ between any two events, however they were built. */
const OWN = ['eventId', 'traceId', 'spanId', 'startTime', 'endTime', 'latencyMs',
  'sessionId'] as const;

function capture(options: ConstructorParameters<typeof TelemetryClient>[0] = {}) {
  const batches: WireBatch[] = [];
  const client = new TelemetryClient({ flushInterval: 60_000, batchSize: 100, ...options,
    transport: { send: async (batch) => (batches.push(batch), { kind: 'sent' }) } });
  return { client, events: (): WireEvent[] => batches.flatMap((batch) => batch.events) };
}

function record(client: TelemetryClient): void {
  const metadata = { api_key: 'k' };
  const span = client.startModelCall({ model: 'gpt-4o-mini', metadata });
  span.setProvider('openai').setInput('hello Bearer abc').setOutput('world')
    .setTokens({ input: 12, output: 30 }).setMetadata('i', 7);
  span.end();
}

const withoutOwn = (event: WireEvent) => Object.fromEntries(
  Object.entries(event).filter(([key]) => !OWN.includes(key as never)));

describe('an event built as its batch leaves', () => {
  it('is the event built when its span ended would have been', async () => {
    const later = capture();
    // A beforeSend sees each event as its span ends, so this one is built then.
    const now = capture({ beforeSend: (event) => event });
    record(later.client);
    record(now.client);
    await Promise.all([later.client.close(), now.client.close()]);

    const [built, eager] = [later.events()[0]!, now.events()[0]!];
    expect(Object.keys(built)).toEqual(Object.keys(eager));
    expect(withoutOwn(built)).toEqual(withoutOwn(eager));
    expect(built.input).toBe('hello Bearer [REDACTED]');
    expect(built.metadata).toEqual({ api_key: '[REDACTED]', i: 7 });
    expect(built.eventId).toMatch(/^[\w-]{21}$/);
  });

  it('is built once for each batch; the halves of one too large carry it', async () => {
    const sizes: number[] = [];
    const client = new TelemetryClient({ flushInterval: 60_000, batchSize: 100,
      transport: { send: async (batch) => {
        sizes.push(batch.events.length);
        return batch.events.length > 2 ? { kind: 'too-large', reason: '413' }
          : { kind: 'sent' };
      } } });
    for (let i = 0; i < 4; i++) record(client);
    expect(await client.flush()).toEqual({ sent: 4, failed: 0, dropped: 0 });
    expect(sizes).toEqual([4, 2, 2]);
    await client.close();
  });
});
