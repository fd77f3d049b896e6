/**
 * Sending every batch to two places: the primary transport, whose answer
 * decides the events' fate, and a secondary one that gets a copy.
 */
import { withoutUrlSecrets } from './response.js';
import type { SendOptions, Transport, TransportResult } from './types.js';
import { createLogger } from '../core/logger.js';
import type { WireBatch, WireEvent } from '../core/schema.js';
import { describe } from '../core/serialize-text.js';

/**
 * Copies the secondary may hold unanswered at once. A secondary that never
 * answers would otherwise keep every batch alive; past this, copies are
 * skipped (and reported) until one answers.
 */
export const MAX_COPIES_IN_FLIGHT = 4;

/** Options of {@link teeTransport}. */
export interface TeeOptions {
  /** Told of every secondary answer, for logs or counters; errors it throws are ignored. */
  onSecondaryResult?: (result: TransportResult, events: number) => void;
  /** Logs each copy that failed or was skipped, with its reason. */
  debug?: boolean;
}

const KINDS: unknown[] = ['sent', 'retry', 'too-large', 'failed'];

/**
 * A transport that sends each batch to `primary` and `secondary` at once
 * and answers with the primary's result as soon as the primary answers,
 * so that retries, counts and `flush()` follow the primary alone.
 *
 * The copy is best effort and runs in the background: whatever the
 * secondary answers, throws or never answers stays here. It gets one
 * attempt each time the primary is tried, and only with the events it has
 * neither accepted nor still in flight, so a retry of the primary never
 * sends the secondary the same span twice. An event the secondary never
 * accepted is not counted as failed. At most {@link MAX_COPIES_IN_FLIGHT}
 * copies wait for an answer; later ones are skipped and reported to
 * `onSecondaryResult` as failed with code `tee_busy`.
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
  const logger = createLogger(options.debug === true);
  // Events, not batches: a 413 split sends the same events in new batches.
  const copied = new WeakSet<WireEvent>();
  const copying = new WeakSet<WireEvent>();
  let inFlight = 0;
  let skipped = 0;

  const tell = (result: TransportResult, events: number) => {
    if (result.kind !== 'sent') {
      // A thrown error's message may quote a URL with credentials in it.
      const reason = withoutUrlSecrets(describe(result.reason));
      logger.debug('transport', `copy of ${events} event(s) not sent: ${reason}`);
    }
    try {
      options.onSecondaryResult?.(result, events);
    } catch {
      // The user's callback failed; the copy is still done.
    }
  };

  const copy = async (batch: WireBatch, sendOptions?: SendOptions) => {
    const events = batch.events.filter((e) => !copied.has(e) && !copying.has(e));
    if (events.length === 0) return;
    if (inFlight >= MAX_COPIES_IN_FLIGHT) {
      skipped += events.length;
      const reason = `skipped: ${inFlight} copies still in flight ` +
        `(${skipped} event(s) skipped so far)`;
      return tell({ kind: 'failed', reason, code: 'tee_busy' }, events.length);
    }

    inFlight++;
    for (const event of events) copying.add(event);
    const answer = await sendSafely(secondary, { ...batch, events }, sendOptions);
    const result = checked(answer);
    inFlight--;
    for (const event of events) {
      copying.delete(event);
      if (result.kind === 'sent') copied.add(event);
    }
    tell(result, events.length);
  };

  return {
    async send(batch, sendOptions) {
      // Never awaited: the primary's answer is returned as soon as it comes,
      // and a secondary that answers at once has been heard of by then.
      copy(batch, sendOptions).catch(() => undefined);
      return await sendSafely(primary, batch, sendOptions);
    },
  };
}

/** The secondary's answer, or a failure when it is not a transport result. */
function checked(answer: TransportResult): TransportResult {
  try {
    if (KINDS.includes((answer as TransportResult | undefined)?.kind)) return answer;
  } catch {
    // A hostile object (a throwing getter): not a result either.
  }
  return { kind: 'failed', reason: `not a transport result: ${describe(answer)}` };
}

async function sendSafely(
  transport: Transport,
  batch: WireBatch,
  sendOptions?: SendOptions,
): Promise<TransportResult> {
  try {
    return await transport.send(batch, sendOptions);
  } catch (error) {
    return { kind: 'failed', reason: `transport threw: ${describe(error)}` };
  }
}
