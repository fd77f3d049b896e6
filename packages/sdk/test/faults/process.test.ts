/**
 * Faults that only a fresh process shows: the heap after a million spans
 * against a dead endpoint (measured after gc, with --expose-gc), and
 * whether `close()` finishes before the process runs out of work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryStats, FlushResult } from '../../src/core/delivery.js';
import { bundleSdk, lastJsonLine, runChild } from './child.js';

const SPANS = 1_000_000;
const WARM_UP_SPANS = 20_000;
const MAX_QUEUE_SIZE = 1000;
/**
 * A queued span with a short prompt and answer holds well under 2 KB, so
 * a full queue of 1,000 costs at most 2 MB; 2 MB more covers the batches
 * in flight and the allocator's noise.
 */
const MAX_HEAP_GROWTH_MB = 4;
/** What is left once the queue has drained. */
const MAX_HEAP_LEFT_MB = 2;

interface HeapReport {
  spans: number;
  growthDuringMb: number;
  growthAfterMb: number;
  flushed: FlushResult[];
  stats: DeliveryStats;
  unhandled: string[];
}

interface CloseReport {
  closed: FlushResult;
  stats: DeliveryStats;
}

let sdk: Awaited<ReturnType<typeof bundleSdk>>;
beforeAll(async () => {
  sdk = await bundleSdk();
});
afterAll(() => sdk?.remove());

describe('a million spans against a dead endpoint', () => {
  let report: HeapReport | undefined;
  let stderr = '';
  beforeAll(async () => {
    const child = await runChild('heap-child.mjs',
      [sdk.path, String(SPANS), String(MAX_QUEUE_SIZE)], ['--expose-gc']);
    report = lastJsonLine<HeapReport>(child.stdout);
    stderr = child.stderr;
  }, 60_000);

  it('grow the heap by no more than the bounded queue holds', () => {
    expect(stderr).toBe('');
    expect(report!.growthDuringMb).toBeLessThan(MAX_HEAP_GROWTH_MB);
    expect(report!.growthAfterMb).toBeLessThan(MAX_HEAP_LEFT_MB);
  });

  it('are each counted once as dropped or failed, with no unhandled rejection', () => {
    const { stats, unhandled } = report!;
    expect(report!.spans).toBe(SPANS + WARM_UP_SPANS);
    expect(stats.queued).toBe(SPANS + WARM_UP_SPANS);
    expect(stats.sent).toBe(0);
    expect(stats.failed + stats.dropped).toBe(SPANS + WARM_UP_SPANS);
    expect(stats.reasons.queue_full! + stats.reasons.retries_exhausted!)
      .toBe(SPANS + WARM_UP_SPANS);
    expect(stats.dropped).toBeGreaterThan(SPANS - 2 * MAX_QUEUE_SIZE);
    expect(unhandled).toEqual([]);
  });
});

describe('close() against a dead endpoint', () => {
  it('resolves, with the event counted, before the process exits', async () => {
    const child = await runChild('close-child.mjs', [sdk.path]);
    const report = lastJsonLine<CloseReport>(child.stdout);
    // Exit code 13 is Node's "unsettled top-level await": close() never resolved.
    expect(child.code).toBe(0);
    expect(report?.closed).toEqual({ sent: 0, failed: 1, dropped: 0 });
    expect(report?.stats).toMatchObject({ queued: 1, failed: 1,
      reasons: { retries_exhausted: 1 } });
  }, 30_000);
});
