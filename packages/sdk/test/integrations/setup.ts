/** Shared by the integration tests: a recording sink and a client sending to it. */
import { TelemetryClient } from '../../src/runtimes/node.js';
import type { WireEvent } from '../../src/core/schema.js';
import { startSink } from '../helpers.js';

/** A telemetry client whose events land in a loopback sink. */
export async function startTelemetry() {
  const sink = await startSink();
  const telemetry = new TelemetryClient({
    endpoint: sink.url, flushInterval: 60_000, batchSize: 100,
  });
  return {
    telemetry,
    /** Flushes, then returns every event the sink received so far. */
    async events(): Promise<WireEvent[]> {
      await telemetry.flush();
      return sink.events;
    },
    async close() {
      await telemetry.close();
      await sink.close();
    },
  };
}

/** Waits until `check` passes or `timeoutMs` runs out. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The parsed JSON of a recorded input or output. */
export const parsed = (content: string | null | undefined): unknown =>
  content == null ? content : JSON.parse(content);
