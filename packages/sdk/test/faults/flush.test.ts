/**
 * What `flush()` reports. Summed over a client's life, its results must
 * account for every event, including batches that left in the background
 * and were answered before anyone called `flush()`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryClient } from '../../src/runtimes/node.js';
import { startFront } from './servers.js';

const fronts: Awaited<ReturnType<typeof startFront>>[] = [];
afterEach(async () => {
  await Promise.all(fronts.splice(0).map((front) => front.close()));
});

const waitFor = async (check: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
};

describe('the sum of flush() results', () => {
  it('includes batches answered in the background before flush() was called', async () => {
    const front = await startFront({ answer: () => ({ kind: 'forward' }) });
    fronts.push(front);
    const client = new TelemetryClient({ endpoint: front.url, batchSize: 10,
      flushInterval: 60_000 });

    for (let i = 0; i < 100; i++) client.traceModelCall({ name: `e${i}` }, () => i);
    await waitFor(() => client.stats.sent === 100);
    const results = [await client.flush(), await client.close()];

    expect(client.stats).toMatchObject({ queued: 100, sent: 100 });
    const sent = results.reduce((total, result) => total + result.sent, 0);
    expect(sent).toBe(100);
  });

  it('counts background failures as failed, not as nothing', async () => {
    const front = await startFront({ answer: () => ({ kind: 'status', status: 400 }) });
    fronts.push(front);
    const client = new TelemetryClient({ endpoint: front.url, batchSize: 5,
      flushInterval: 60_000 });

    for (let i = 0; i < 20; i++) client.traceModelCall({}, () => i);
    await waitFor(() => client.stats.failed === 20);
    const result = await client.flush();
    await client.close();

    expect(client.stats.reasons).toEqual({ http_400: 20 });
    expect(result).toEqual({ sent: 0, failed: 20, dropped: 0 });
  });
});
