/**
 * Time stamps come from the wall clock, durations from the monotonic
 * clock: a wall clock that jumps (NTP, a VM resumed, a user changing the
 * time) never makes a latency negative or stretches it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateEvent } from '../../src/core/schema.js';
import { TelemetryClient } from '../../src/runtimes/node.js';
import { capturingTransport } from './checks.js';

const HOUR_MS = 3_600_000;
const WALL_START = Date.UTC(2026, 5, 1, 12);
/** Puts the start before year 0, which ISO 8601 cannot write in 24 characters. */
const THREE_THOUSAND_YEARS_MS = 1e14;

afterEach(() => {
  vi.restoreAllMocks();
});

async function spanWhileClockJumps(jumpMs: number) {
  const capture = capturingTransport();
  const client = new TelemetryClient({ transport: capture.transport,
    flushInterval: 60_000 });
  const now = vi.spyOn(Date, 'now').mockReturnValue(WALL_START);
  const realStart = performance.now();
  await client.traceModelCall({ name: 'jumped' }, async () => {
    now.mockReturnValue(WALL_START + jumpMs);
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
  const realMs = performance.now() - realStart;
  now.mockRestore();
  await client.close();
  return { event: capture.events()[0]!, realMs };
}

describe('a wall clock that jumps during a span', () => {
  it('backwards by an hour: the latency is the real, positive duration', async () => {
    const { event, realMs } = await spanWhileClockJumps(-HOUR_MS);
    expect(event.startTime).toBe(new Date(WALL_START).toISOString());
    expect(event.latencyMs).toBeGreaterThanOrEqual(15);
    expect(event.latencyMs).toBeLessThanOrEqual(realMs + 1);
    expect(Date.parse(event.endTime) - Date.parse(event.startTime))
      .toBe(Math.floor(WALL_START + event.latencyMs) - WALL_START);
    expect(validateEvent(event).ok).toBe(true);
  });

  it('forwards by a day: the latency is not stretched', async () => {
    const { event, realMs } = await spanWhileClockJumps(24 * HOUR_MS);
    expect(event.startTime).toBe(new Date(WALL_START).toISOString());
    expect(event.latencyMs).toBeLessThanOrEqual(realMs + 1);
  });
});

describe('a latency given by hand', () => {
  it('sets the start to the wall clock minus the latency', async () => {
    const capture = capturingTransport();
    const client = new TelemetryClient({ transport: capture.transport });
    vi.spyOn(Date, 'now').mockReturnValue(WALL_START);
    client.createModelCallEvent({ name: 'manual' }).setLatencyMs(1500).send();
    await client.close();
    const [event] = capture.events();
    expect(event).toMatchObject({ latencyMs: 1500,
      startTime: new Date(WALL_START - 1500).toISOString(),
      endTime: new Date(WALL_START).toISOString() });
  });

  it('of three thousand years still gives a valid event', async () => {
    const capture = capturingTransport();
    const client = new TelemetryClient({ transport: capture.transport });
    client.createModelCallEvent({ name: 'manual' })
      .setLatencyMs(THREE_THOUSAND_YEARS_MS).send();
    await client.close();
    const events = capture.events();
    expect(client.stats).toMatchObject({ queued: 1, sent: 1 });
    expect(events.map((event) => validateEvent(event).ok)).toEqual([true]);
  });
});
