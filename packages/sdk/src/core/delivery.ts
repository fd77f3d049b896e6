/**
 * Delivery: the bounded queue of ended spans, batching, the cap on
 * requests in flight, flushing, and the count of every event's fate.
 * Nothing here throws or rejects into the caller.
 */
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import { BoundedQueue } from './queue.js';
import { toIsoString } from './time.js';
import type { WireEvent, WireSdk } from './schema.js';
import type { Span } from './span.js';
import type { RetrySendOptions } from '../transports/retry.js';
import type { Transport, TransportResult } from '../transports/types.js';

/** Requests on the wire at once, per client. */
export const MAX_IN_FLIGHT_REQUESTS = 2;

/** What one `flush()` accounted for. */
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

export interface DeliveryOptions {
  transport: Transport & { send(b: never, o?: RetrySendOptions): Promise<TransportResult> };
  batchSize: number;
  flushIntervalMs: number;
  maxQueueSize: number;
  clock: Clock;
  logger: Logger;
  sdk: WireSdk;
  /** Span to event, `beforeSend` included; returns a drop reason instead. */
  toEvent(span: Span): WireEvent | { drop: string };
  /** Told of every loss, already rate-limited by the caller. */
  onLoss(reason: string, events: number, detail: string): void;
  /** Hands background sends to the platform (Workers, edge). */
  waitUntil?: (promise: Promise<unknown>) => void;
  maxInFlight?: number;
}

const EMPTY: FlushResult = { sent: 0, failed: 0, dropped: 0 };
const add = (a: FlushResult, b: FlushResult): FlushResult => ({
  sent: a.sent + b.sent,
  failed: a.failed + b.failed,
  dropped: a.dropped + b.dropped,
});

export class Delivery {
  readonly stats: DeliveryStats = { queued: 0, sent: 0, failed: 0, dropped: 0, reasons: {} };
  #options: DeliveryOptions;
  #queue: BoundedQueue<Span>;
  #batches = new Set<Promise<FlushResult>>();
  #sending = 0;
  #slotWaiters: (() => void)[] = [];
  #cancelTimer: (() => void) | undefined;
  #droppedSinceFlush = 0;
  // Made when first needed: Workers forbid I/O objects at module scope.
  #stopRetrying: AbortController | undefined;
  #maxInFlight: number;

  constructor(options: DeliveryOptions) {
    this.#options = options;
    this.#queue = new BoundedQueue(options.maxQueueSize);
    this.#maxInFlight = options.maxInFlight ?? MAX_IN_FLIGHT_REQUESTS;
  }

  /** Events waiting in the queue. */
  get pending(): number {
    return this.#queue.size;
  }

  /** Batches dispatched and not yet answered. */
  get inFlight(): number {
    return this.#batches.size;
  }

  /** Queues an ended span; the hot path: no JSON, no dates. */
  enqueue(span: Span): void {
    this.stats.queued++;
    if (this.#queue.push(span) !== undefined) {
      this.#droppedSinceFlush++;
      this.#lose('queue_full', 1, `queue full (${this.#queue.capacity}); oldest dropped`,
        'dropped');
    }
    if (this.#queue.size >= this.#options.batchSize) this.#pump(false);
    else this.#armTimer();
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
      const spans = this.#queue.take(this.#options.batchSize);
      waits.push(this.#dispatch(spans, noRetry, unloading));
    }
    this.stopTimer();
    const results = await Promise.all(waits);
    const dropped = this.#droppedSinceFlush;
    this.#droppedSinceFlush = 0;
    return results.reduce(add, { ...EMPTY, dropped });
  }

  /** Stops the timer; queued events stay for a final `flush()`. */
  stopTimer(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
  }

  /** Counts events that could not even be queued (e.g. after close). */
  discard(reason: string, detail: string): void {
    this.#droppedSinceFlush++;
    this.#lose(reason, 1, detail, 'dropped');
  }

  #armTimer(): void {
    if (this.#cancelTimer || this.#queue.size === 0) return;
    this.#cancelTimer = this.#options.clock.setTimer(() => {
      this.#cancelTimer = undefined;
      this.#pump(true);
      this.#armTimer();
    }, this.#options.flushIntervalMs);
  }

  /** Dispatches batches while a request slot is free. */
  #pump(all: boolean): void {
    const { batchSize } = this.#options;
    while (
      this.#queue.size > 0 &&
      (all || this.#queue.size >= batchSize) &&
      this.#batches.size < this.#maxInFlight
    ) {
      const batch = this.#dispatch(this.#queue.take(batchSize), false);
      this.#options.waitUntil?.(batch);
    }
    if (this.#queue.size === 0) this.stopTimer();
  }

  #dispatch(spans: Span[], noRetry: boolean, unloading = false): Promise<FlushResult> {
    const batch = this.#deliver(spans, noRetry, unloading).catch((error: unknown) => {
      this.#lose('internal_error', spans.length, String(error), 'failed');
      return { ...EMPTY, failed: spans.length };
    });
    this.#batches.add(batch);
    void batch.then(() => {
      this.#batches.delete(batch);
      if (this.#queue.size >= this.#options.batchSize) this.#pump(false);
      else this.#armTimer();
    });
    return batch;
  }

  async #deliver(spans: Span[], noRetry: boolean, unloading: boolean): Promise<FlushResult> {
    const events: WireEvent[] = [];
    let dropped = 0;
    for (const span of spans) {
      const event = this.#options.toEvent(span);
      if ('drop' in event) {
        dropped++;
        this.#lose(event.drop, 1, `event "${span.name}" dropped`, 'dropped');
      } else events.push(event);
    }
    if (events.length === 0) return { ...EMPTY, dropped };

    await this.#acquireSlot();
    try {
      return { ...(await this.#send(events, noRetry, unloading)), dropped };
    } finally {
      this.#releaseSlot();
    }
  }

  async #send(events: WireEvent[], noRetry: boolean, unloading = false,
  ): Promise<FlushResult> {
    const { clock, sdk, transport } = this.#options;
    const batch = { sentAt: toIsoString(clock.now()), sdk, events };
    let result: TransportResult;
    try {
      result = await transport.send(batch as never, {
        noRetry,
        unloading,
        stopRetrying: (this.#stopRetrying ??= new AbortController()).signal,
      });
    } catch (error) {
      result = { kind: 'failed', reason: `transport threw: ${String(error)}` };
    }

    if (result.kind === 'sent') {
      const rejected = result.response?.rejected.length ?? 0;
      const accepted = Math.max(0, events.length - rejected);
      this.stats.sent += accepted;
      if (rejected > 0) {
        const first = result.response?.rejected[0]?.reason ?? '';
        this.#lose('rejected_by_endpoint', rejected, `e.g. ${first}`, 'failed');
      }
      return { ...EMPTY, sent: accepted, failed: rejected };
    }
    if (result.kind === 'too-large' && events.length > 1) {
      const half = Math.ceil(events.length / 2);
      const first = await this.#send(events.slice(0, half), noRetry, unloading);
      return add(first, await this.#send(events.slice(half), noRetry, unloading));
    }
    const code = result.kind === 'failed' ? (result.code ?? 'send_failed') : 'too_large';
    this.#lose(code, events.length, result.reason, 'failed');
    return { ...EMPTY, failed: events.length };
  }

  #lose(reason: string, events: number, detail: string, as: 'failed' | 'dropped'): void {
    this.stats[as] += events;
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
