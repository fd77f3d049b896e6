/**
 * 2,000 events from 200 concurrent agent runs against every fault of
 * `scenarios.ts`, with a real collector behind the misbehaving front.
 * Each scenario runs once; the tests below read its figures.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { startCollector } from '../../../collector/src/index.js';
import { MAX_IN_FLIGHT_REQUESTS } from '../../src/core/delivery.js';
import { DEFAULT_MAX_RETRIES } from '../../src/core/config.js';
import { TelemetryClient } from '../../src/runtimes/node.js';
import { createFetchTransport } from '../../src/transports/fetch.js';
import { BASE_RETRY_DELAY_MS } from '../../src/transports/retry.js';
import { RUNS, runScenario, type Figures, type Subjects } from './run.js';
import { SCENARIOS } from './scenarios.js';
import { EVENTS_PER_RUN } from './workload.js';

const subjects: Subjects = {
  TelemetryClient,
  createFetchTransport,
  startCollector: (options) => startCollector(options),
};
const PRODUCED = RUNS * EVENTS_PER_RUN;
/** Timers fire a little early or late; the server's clock is read after I/O. */
const TIMER_SLACK_MS = 30;
const sum = (values: Record<string, number>) =>
  Object.values(values).reduce((a, b) => a + b, 0);

describe.each(SCENARIOS)('under $name', (scenario) => {
  let figures: Figures;
  beforeAll(async () => {
    figures = await runScenario(scenario, subjects);
  }, 30_000);

  it('produces 2,000 events and returns every traced value unchanged', () => {
    expect(figures.produced).toBe(PRODUCED);
    expect(figures.wrongReturns).toBe(0);
    expect(figures.userErrors).toEqual([]);
  });

  it('never raises an unhandled rejection or an uncaught exception', () => {
    expect(figures.unhandled).toEqual([]);
  });

  it('accounts for every event in client.stats, with a reason for each loss', () => {
    const { stats } = figures;
    expect(stats.queued).toBe(PRODUCED);
    expect(stats.sent + stats.failed + stats.dropped).toBe(PRODUCED);
    expect(sum(stats.reasons)).toBe(stats.failed + stats.dropped);
    for (const reason of Object.keys(stats.reasons)) {
      expect(scenario.reasons).toContain(reason);
    }
    if (scenario.transient) expect(stats.sent).toBe(PRODUCED);
  });

  it('reports the same totals through the sum of its flush() results', () => {
    const { flushed, stats } = figures;
    const { sent, failed, dropped } = stats;
    expect(flushed).toEqual({ sent, failed, dropped });
  });

  // Tests that fit only some faults are declared only for those faults.
  if (scenario.collector) it('stores each delivered event exactly once', () => {
    expect(figures.stored).toBe(figures.stats.sent);
    expect(figures.duplicates).toBe(0);
    expect(figures.misparented).toBe(0);
  });

  it('keeps attempts per batch within maxRetries + 1, requests in flight within 2', () => {
    const maxRetries = scenario.options.maxRetries ?? DEFAULT_MAX_RETRIES;
    expect(figures.maxAttempts).toBeLessThanOrEqual(maxRetries + 1);
    expect(figures.maxInFlight).toBeLessThanOrEqual(MAX_IN_FLIGHT_REQUESTS);
    if (!scenario.refused) expect(figures.maxAttempts).toBeGreaterThan(0);
  });

  it('waits before each retry as long as asked, or at least the backoff floor', () => {
    const asked = figures.waits.filter((wait) => wait.askedMs !== undefined);
    for (const wait of figures.waits) {
      // Jitter draws the first backoff from half the base delay up to all of it.
      const floor = wait.askedMs ?? BASE_RETRY_DELAY_MS / 2;
      expect(wait.waitedMs).toBeGreaterThanOrEqual(floor - TIMER_SLACK_MS);
    }
    // The 429 scenarios ask twice, for at least a second each time.
    if (scenario.name.startsWith('429')) {
      expect(asked).toHaveLength(2);
      for (const wait of asked) expect(wait.askedMs).toBeGreaterThan(900);
    }
  });

  if (scenario.name.startsWith('stored')) it(
    'replays batches the collector had stored, and it keeps one copy of each', () => {
      expect(figures.replayed).toBeGreaterThanOrEqual(100);
      expect(figures.stored).toBe(PRODUCED);
      expect(figures.duplicates).toBe(0);
    });

  if (scenario.refused) it('drops the oldest events when the queue fills, and counts them',
    () => {
      expect(figures.stats.reasons.queue_full).toBeGreaterThan(0);
      expect(figures.stats.sent).toBe(0);
    });
});
