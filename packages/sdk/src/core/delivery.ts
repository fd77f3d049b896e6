/**
 * Delivery: the bounded queue of events, batching, the cap on
 * requests in flight, flushing, and the count of every event's fate.
 * Nothing here throws or rejects into the caller.
 */
import type { Clock } from './clock.js';
import { absorbRejection } from './hooks.js';
import type { Logger } from './logger.js';
import { BoundedQueue } from './queue.js';
import { describe } from './serialize-text.js';
import { toIsoString } from './time.js';
import type { WireEvent, WireSdk } from './schema.js';
import type { RetrySendOptions } from '../transports/retry.js';
import type { Transport, TransportResult } from '../transports/types.js';

/** Requests on the wire at once, per client. */
export const MAX_IN_FLIGHT_REQUESTS = 2;

/**
 * What one `flush()` accounts for: every event that reached a final answer
 * since the previous flush (background batches included) and every event
 * queued or in flight when it was called. Successive results add up to the
 * running totals in `stats`.
 */
export interface FlushResult {
  /** Accepted by the endpoint. */
  sent: number;
  /** Given up on: rejected, refused, or still failing after retries. */
  failed: number;
  /** Discarded before sending (full queue, `beforeSend`, serialization). */
  dropped: number;
}

/** Running totals since the client was created. */
export interface DeliveryStats {
  /** Events that entered the queue. */
  queued: number;
  sent: number;
  failed: number;
  dropped: number;
  /** Failed and dropped events by reason, e.g. `queue_full`, `http_401`. */
  reasons: Record<string, number>;
}

export interface DeliveryOptions<T = WireEvent> {
  transport: Transport & { send(b: never, o?: RetrySendOptions): Promise<TransportResult> };
  batchSize: number;
  /** Milliseconds between background flushes of a non-empty queue. */
  flushInterval: number;
  maxQueueSize: number;
  clock: Clock;
  logger: Logger;
  sdk: WireSdk;
  /** Told of every loss, already rate-limited by the caller. */
  onLoss(reason: string, events: number, detail: string): void;
  /** Hands background sends to the platform (Workers, edge). */
  waitUntil?: (promise: Promise<unknown>) => void;
  maxInFlight?: number;
  /** The event of a queued item, built as its batch leaves (see `Delivery`). */
  toEvent(item: T): WireEvent;
}

const none = (): FlushResult => ({ sent: 0, failed: 0, dropped: 0 });

/**
 * Queues events and hands them to the transport in batches. `T` is what
 * the queue holds: events, or what `toEvent` builds them from as their
 * batch leaves (the same batch again on a retry, so ids stay the same).
 */
export class Delivery<T = WireEvent> {
  readonly stats: DeliveryStats = { queued: 0, ...none(), reasons: {} };
  #options: DeliveryOptions<T>;
  #queue: BoundedQueue<T>;
  #batches = new Set<Promise<void>>();
  #sending = 0;
  #slotWaiters: (() => void)[] = [];
  #cancelTimer: (() => void) | undefined;
  /**
   * Outcomes not yet reported by a `flush()`: each event is counted here
   * and in `stats` at once, when it reaches its final answer.
   */
  #unreported = none();
  // Made when first needed: Workers forbid I/O objects at module scope.
  #stopRetrying: AbortController | undefined;
  #maxInFlight: number;

  constructor(options: DeliveryOptions<T>) {
    this.#options = options;
    this.#queue = new BoundedQueue(options.maxQueueSize);
    this.#maxInFlight = options.maxInFlight ?? MAX_IN_FLIGHT_REQUESTS;
  }

  /** Queues the event of an ended span. */
  enqueue(event: T): void {
    this.stats.queued++;
    if (this.#queue.push(event) !== undefined) {
      this.#lose('queue_full', 1, `queue full (${this.#queue.capacity}); oldest dropped`,
        'dropped');
    }
    this.#next();
  }

  /**
   * Sends everything queued and waits for every batch in flight.
   * @param noRetry one attempt per batch, and backoff waits end now.
   * @param unloading the page or process is going away (beacon, keepalive).
   */
  async flush(noRetry = false, unloading = false): Promise<FlushResult> {
    if (noRetry) {
      this.#stopRetrying?.abort();
      this.#stopRetrying = undefined;
    }
    const waits = [...this.#batches];
    while (this.#queue.size > 0) {
      const events = this.#queue.take(this.#options.batchSize);
      waits.push(this.#dispatch(events, noRetry, unloading));
    }
    this.stopTimer();
    await Promise.all(waits);
    // Everything settled since the last flush, background batches included,
    // so the results of successive flushes add up to the running totals.
    const result = this.#unreported;
    this.#unreported = none();
    return result;
  }

  /** Stops the timer; queued events stay for a final `flush()`. */
  stopTimer(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
  }

  /** Counts an event that could not be queued (after close, `beforeSend`). */
  discard(reason: string, detail: string): void {
    this.#lose(reason, 1, detail, 'dropped');
  }

  /** A full batch leaves now; fewer events wait for the timer. */
  #next(): void {
    if (this.#queue.size >= this.#options.batchSize) this.#pump(false);
    else this.#armTimer();
  }

  #armTimer(): void {
    if (this.#cancelTimer || this.#queue.size === 0) return;
    this.#cancelTimer = this.#options.clock.setTimer(() => {
      this.#cancelTimer = undefined;
      this.#pump(true);
      this.#armTimer();
    }, this.#options.flushInterval);
  }

  /** Dispatches batches while a request slot is free. */
  #pump(all: boolean): void {
    const { batchSize, waitUntil } = this.#options;
    while (
      this.#queue.size > 0 &&
      (all || this.#queue.size >= batchSize) &&
      this.#batches.size < this.#maxInFlight
    ) {
      const batch = this.#dispatch(this.#queue.take(batchSize), false);
      try {
        absorbRejection(waitUntil?.(batch));
      } catch (error) {
        this.#options.logger.debug('transport', `waitUntil threw: ${describe(error)}`);
      }
    }
    if (this.#queue.size === 0) this.stopTimer();
  }

  #dispatch(events: T[], noRetry: boolean, unloading = false): Promise<void> {
    const batch = this.#deliver(events, noRetry, unloading).catch((error: unknown) => {
      this.#lose('internal_error', events.length, describe(error), 'failed');
    });
    this.#batches.add(batch);
    void batch.then(() => {
      this.#batches.delete(batch);
      this.#next();
    });
    return batch;
  }

  async #deliver(events: T[], noRetry: boolean, unloading: boolean): Promise<void> {
    await this.#acquireSlot();
    try {
      await this.#send(events, noRetry, unloading);
    } finally {
      this.#releaseSlot();
    }
  }

  async #send(events: T[], noRetry: boolean, unloading: boolean): Promise<void> {
    const { clock, sdk, transport, toEvent } = this.#options;
    const batch = { sentAt: toIsoString(clock.now()), sdk, events: events.map(toEvent) };
    let result: TransportResult;
    try {
      result = await transport.send(batch as never, {
        noRetry,
        unloading,
        stopRetrying: (this.#stopRetrying ??= new AbortController()).signal,
      });
    } catch (error) {
      result = { kind: 'failed', reason: `transport threw: ${describe(error)}` };
    }

    // A custom transport may answer anything; only the four kinds count.
    const kind = (result as TransportResult | null | undefined)?.kind;
    if (kind !== 'sent' && kind !== 'retry' && kind !== 'too-large' && kind !== 'failed') {
      this.#lose('invalid_transport_result', events.length,
        `the transport answered ${describe(result)}`, 'failed');
      return;
    }

    if (result.kind === 'sent') {
      const listed = result.response?.rejected;
      // A list longer than the batch (a confused endpoint or transport)
      // cannot fail more events than were sent.
      const rejected = Array.isArray(listed) ? Math.min(listed.length, events.length) : 0;
      this.#count('sent', events.length - rejected);
      if (rejected > 0) {
        const example = `e.g. ${describe((listed as { reason?: unknown }[])[0]?.reason)}`;
        this.#lose('rejected_by_endpoint', rejected, example, 'failed');
      }
    } else if (result.kind === 'too-large' && events.length > 1) {
      const half = Math.ceil(events.length / 2);
      await this.#send(events.slice(0, half), noRetry, unloading);
      await this.#send(events.slice(half), noRetry, unloading);
    } else {
      // Only text is used as a reason: a custom transport may put anything here.
      const given = result.kind === 'failed' ? result.code : 'too_large';
      const code = typeof given === 'string' && given ? given : 'send_failed';
      this.#lose(code, events.length, describe(result.reason), 'failed');
    }
  }

  #count(as: keyof FlushResult, events: number): void {
    this.stats[as] += events;
    this.#unreported[as] += events;
  }

  #lose(reason: string, events: number, detail: string, as: 'failed' | 'dropped'): void {
    this.#count(as, events);
    this.stats.reasons[reason] = (this.stats.reasons[reason] ?? 0) + events;
    this.#options.onLoss(reason, events, detail);
  }

  #acquireSlot(): Promise<void> {
    if (this.#sending < this.#maxInFlight) {
      this.#sending++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#slotWaiters.push(resolve));
  }

  #releaseSlot(): void {
    const next = this.#slotWaiters.shift();
    if (next) next();
    else this.#sending--;
  }
}
