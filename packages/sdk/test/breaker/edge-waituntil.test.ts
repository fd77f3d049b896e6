import { describe, expect, it } from 'vitest';
import { TelemetryClient } from '../../src/runtimes/edge-light.js';
import { withRobotForge } from '../../src/runtimes/workerd.js';
import { watchProcess } from '../faults/workload.js';

// A FetchEvent's waitUntil throws InvalidStateError once the event is over.
const expired = () => {
  throw new DOMException('event is no longer active', 'InvalidStateError');
};
const rejecting = async () => {
  throw new Error('waitUntil refused');
};

describe('edge entry with a platform waitUntil that throws or rejects', () => {
  it.each([['throws', expired], ['rejects', rejecting]])(
    'keeps retrying when the platform waitUntil %s', async (_, waitUntil) => {
      const guard = watchProcess();
      let calls = 0;
      const send = async () => (calls++ === 0
        ? { kind: 'retry' as const, reason: 'HTTP 503', retryAfterMs: 10 }
        : { kind: 'sent' as const });
      const client = new TelemetryClient({ waitUntil, maxRetries: 2,
        flushInterval: 60_000, transport: { send } });
      client.startModelCall({ model: 'm' }).end();
      const result = await client.flush();
      await client.close();
      expect(await guard.stop()).toEqual([]);
      expect(client.stats.reasons).toEqual({});
      expect(result).toEqual({ sent: 1, failed: 0, dropped: 0 });
      expect(calls).toBe(2);
    });

  it.each([['throws', expired], ['rejects', rejecting]])(
    'sends a queued event on the background timer when waitUntil %s',
    async (_, waitUntil) => {
      const guard = watchProcess();
      const sent: unknown[] = [];
      const client = new TelemetryClient({ waitUntil, flushInterval: 20,
        transport: { send: async (b) => {
          sent.push(...b.events);
          return { kind: 'sent' };
        } } });
      client.startModelCall({ model: 'm' }).end();
      await new Promise((r) => setTimeout(r, 300));
      expect(sent).toHaveLength(1);
      await client.close();
      expect(await guard.stop()).toEqual([]);
    });
});

describe('withRobotForge with a ctx.waitUntil that throws', () => {
  const ctx = { waitUntil: expired };
  const transport = { send: async () => ({ kind: 'sent' as const }) };

  it('returns the handler\'s result unchanged', async () => {
    const worker = withRobotForge({ transport }, {
      scheduled: () => 'done',
    });
    await expect(worker.scheduled!({}, {}, ctx)).resolves.toBe('done');
  });

  it('rethrows the handler\'s own error, not the waitUntil one', async () => {
    const error = new Error('handler failed');
    const worker = withRobotForge({ transport }, {
      scheduled: () => { throw error; },
    });
    await expect(worker.scheduled!({}, {}, ctx)).rejects.toBe(error);
  });
});
