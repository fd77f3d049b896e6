/**
 * Breaker probes: hooks that are `async` functions and reject, and custom
 * transports whose answers do not add up. The app must see no unhandled
 * rejection, and every event must be counted once, with a text reason.
 */
import { describe, expect, it } from 'vitest';
import { TelemetryClient } from '../../src/runtimes/node.js';
import type { TransportResult } from '../../src/transports/types.js';
import { watchProcess } from '../faults/workload.js';

const rejects = (what: string) => async () => {
  throw new Error(`${what} rejected`);
};

describe('hooks written as async functions that reject', () => {
  it('raise no unhandled rejection; the events are counted', async () => {
    const guard = watchProcess();
    const failing = new TelemetryClient({ flushInterval: 60_000,
      transport: { send: async () => ({ kind: 'failed', reason: 'no', code: 'http_400' }) },
      onError: rejects('onError') as never });
    const editing = new TelemetryClient({ flushInterval: 60_000,
      transport: { send: async () => ({ kind: 'sent' }) },
      beforeSend: rejects('beforeSend') as never });
    const handing = new TelemetryClient({ flushInterval: 5, batchSize: 1,
      transport: { send: async () => ({ kind: 'sent' }) },
      waitUntil: rejects('waitUntil') as never });

    for (const client of [failing, editing, handing]) client.traceModelCall({}, () => 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await Promise.all([failing.close(), editing.close(), handing.close()]);

    expect(await guard.stop()).toEqual([]);
    expect(failing.stats).toMatchObject({ failed: 1, reasons: { http_400: 1 } });
    expect(editing.stats).toMatchObject({ dropped: 1, reasons: { before_send_invalid: 1 } });
    expect(handing.stats).toMatchObject({ sent: 1, failed: 0, dropped: 0 });
  });
});

/** Two events through a client whose transport always gives `answer`. */
async function sendTwo(answer: unknown) {
  const client = new TelemetryClient({ flushInterval: 60_000, maxRetries: 0,
    transport: { send: async () => answer as TransportResult } });
  client.traceModelCall({}, () => 1);
  client.traceModelCall({}, () => 2);
  const flushed = await client.flush();
  await client.close();
  return { flushed, stats: client.stats };
}

describe('a transport answer that does not add up', () => {
  it('rejects at most the events of the batch', async () => {
    const { flushed, stats } = await sendTwo({
      kind: 'sent', response: { accepted: 0, rejected: new Array(1000).fill({}) } });
    expect(flushed).toEqual({ sent: 0, failed: 2, dropped: 0 });
    expect(stats.reasons).toEqual({ rejected_by_endpoint: 2 });
  });

  it('counts each event once when the code or reason is not text', async () => {
    const hostile = { toString: () => { throw new Error('no text'); } };
    for (const answer of [
      { kind: 'failed', reason: hostile, code: hostile },
      { kind: 'failed', reason: 'x', code: 42 },
      { kind: 'sent', response: { rejected: [{ reason: hostile }] } },
    ]) {
      const { flushed, stats } = await sendTwo(answer);
      const failed = answer.kind === 'sent' ? 1 : 2;
      expect(flushed).toEqual({ sent: 2 - failed, failed, dropped: 0 });
      const reason = answer.kind === 'sent' ? 'rejected_by_endpoint' : 'send_failed';
      expect(stats.reasons).toEqual({ [reason]: failed });
    }
  });
});
