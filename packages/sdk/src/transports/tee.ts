/**
 * Sending every batch to two places: the primary transport, whose answer
 * decides the events' fate, and a secondary one that gets a copy.
 */
import type { SendOptions, Transport, TransportResult } from './types.js';
import type { WireBatch, WireEvent } from '../core/schema.js';

/** Options of {@link teeTransport}. */
export interface TeeOptions {
  /** Told of every secondary answer, for logs or counters; errors it throws are ignored. */
  onSecondaryResult?: (result: TransportResult, events: number) => void;
}

/**
 * A transport that sends each batch to `primary` and `secondary` at once
 * and answers with the primary's result, so that retries, counts and
 * `flush()` follow the primary alone.
 *
 * The copy is best effort: the secondary gets one attempt each time the
 * primary is tried, and only with the events it has not yet accepted, so
 * a retry of the primary never sends the secondary the same span twice.
 * An event the secondary never accepted is not counted as failed.
 * `flush()` still waits for both requests.
 *
 * @example
 * ```ts
 * // RobotForge stays the record; an OpenTelemetry Collector gets a copy.
 * const client = new TelemetryClient({
 *   transport: teeTransport(
 *     createFetchTransport({ endpoint: 'https://api.robotforge.com.ng', apiKey }),
 *     createOtlpTransport({ endpoint: 'http://otel-collector:4318' }),
 *   ),
 * });
 * ```
 */
export function teeTransport(
  primary: Transport,
  secondary: Transport,
  options: TeeOptions = {},
): Transport {
  // Events, not batches: a 413 split sends the same events in new batches.
  const copied = new WeakSet<WireEvent>();

  const copy = async (batch: WireBatch, sendOptions?: SendOptions) => {
    const events = batch.events.filter((event) => !copied.has(event));
    if (events.length === 0) return;
    let result: TransportResult;
    try {
      result = await secondary.send({ ...batch, events }, sendOptions);
    } catch (error) {
      result = { kind: 'failed', reason: `transport threw: ${String(error)}` };
    }
    if (result.kind === 'sent') for (const event of events) copied.add(event);
    try {
      options.onSecondaryResult?.(result, events.length);
    } catch {
      // The user's callback failed; the copy is still done.
    }
  };

  return {
    async send(batch, sendOptions) {
      const [result] = await Promise.all([
        sendSafely(primary, batch, sendOptions),
        copy(batch, sendOptions),
      ]);
      return result;
    },
  };
}

async function sendSafely(
  transport: Transport,
  batch: WireBatch,
  sendOptions?: SendOptions,
): Promise<TransportResult> {
  try {
    return await transport.send(batch, sendOptions);
  } catch (error) {
    return { kind: 'failed', reason: `transport threw: ${String(error)}` };
  }
}
