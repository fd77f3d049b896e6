import { expect, it } from 'vitest';
import { Delivery } from '../../src/core/delivery.js';
import { createLogger } from '../../src/core/logger.js';
import { createRetryingTransport } from '../../src/transports/retry.js';
import type { TransportResult } from '../../src/transports/types.js';
import { fakeClock, tick } from '../helpers.js';

it('a batch in flight at exit that then answers 413 sends its halves once each, without backoff', async () => {
  const clock = fakeClock();
  let release!: (r: TransportResult) => void;
  let calls = 0;
  const wire = { send: (batch: { events: unknown[] }) => {
    calls++;
    if (calls === 1) return new Promise<TransportResult>((r) => (release = r));
    return Promise.resolve<TransportResult>({ kind: 'retry', reason: '503', status: 503, retryAfterMs: 30_000 });
  } };
  const transport = createRetryingTransport(wire as never, { maxRetries: 5, clock });
  const d = new Delivery<{ eventId: string }>({ transport: transport as never, batchSize: 4, flushInterval: 1000,
    maxQueueSize: 100, clock, logger: createLogger(false),
    sdk: { name: 'x', version: '0', runtime: 'node' } as never, onLoss: () => undefined, toEvent: (e) => e as never });
  for (let i = 0; i < 4; i++) d.enqueue({ eventId: `e${i}` });
  await tick();
  expect(calls).toBe(1);
  const exit = d.flush(true, true); // the process is exiting: one attempt per batch, waits end now
  release({ kind: 'too-large', reason: '413' });
  const outcome = await Promise.race([exit, new Promise((r) => setTimeout(() => r('still waiting'), 300))]);
  expect(outcome).toEqual({ sent: 0, failed: 4, dropped: 0 });
  expect(calls).toBe(3); // the 413 attempt, then one attempt per half
});
