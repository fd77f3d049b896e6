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
  /**
   * The event of a queued item, built as its batch leaves (see `Delivery`);
   * `undefined` for one that could not be built, already counted with
   * `discard()`. Never throws: it runs as a batch leaves, outside any catch.
   */
  toEvent(item: T): WireEvent | undefined;
}

const none = (): FlushResult => ({ sent: 0, failed: 0, dropped: 0 });

/** A `flush()` call waiting for every event up to its mark to be answered. */
interface FlushWaiter {
  mark: number;
  resolve(result: FlushResult): void;
}

/**
 * Queues events and hands them to the transport in batches. `T` is what
 * the queue holds: events, or what `toEvent` builds them from as their
 * batch leaves (once: a retry or a half of a split sends the same events).
 *
 * Events are numbered in the order they are queued, and they leave the
 * queue in that order (sent in a batch or dropped), so `#left` events
 * numbered 1..`#left` have left it. A batch leaves only when a request
 * slot is free: a client holds at most `maxQueueSize` events plus the
 * batches on the wire, however often `flush()` is called.
 */
export class Delivery<T = WireEvent> {
  readonly stats: DeliveryStats = { queued: 0, ...none(), reasons: {} };
  #options: DeliveryOptions<T>;
  #queue: BoundedQueue<T>;
  /** The number of the first event of each batch on the wire. */
  #inFlight = new Set<number>();
  #left = 0;
  /** Events up to these numbers leave at once, in partial batches if need be. */
  #drainTo = 0;
  #noRetryTo = 0;
  #unloadingTo = 0;
  /** Pending flushes, in the order of their marks. */
  #waiters: FlushWaiter[] = [];
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
    // Also the number of this event: the count of events ever queued.
    this.stats.queued++;
    if (this.#queue.push(event) !== undefined) {
      this.#left++;
      this.#lose('queue_full', 1, `queue full (${this.#queue.capacity}); oldest dropped`,
        'dropped');
      // A drop is the final answer a waiting flush may be missing.
      if (this.#waiters.length > 0) this.#answerWaiters();
    }
    this.#next();
  }

  /**
   * Sends everything queued and resolves once every event queued or in
   * flight at the call has its final answer (sent, failed or dropped).
   * Batches still leave one request slot at a time.
   * @param noRetry one attempt per batch, and backoff waits end now.
   * @param unloading the page or process is going away (beacon, keepalive).
   */
  flush(noRetry = false, unloading = false): Promise<FlushResult> {
    const mark = this.stats.queued;
    if (noRetry) {
      this.#stopRetrying?.abort();
      this.#stopRetrying = undefined;
      this.#noRetryTo = mark;
    }
    if (unloading) this.#unloadingTo = mark;
    this.#drainTo = mark;
    this.stopTimer();

    const done = new Promise<FlushResult>((resolve) => {
      this.#waiters.push({ mark, resolve });
    });
    this.#pump(false);
    this.#answerWaiters();
    return done;
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
    if (this.#queue.size >= this.#options.batchSize || this.#left < this.#drainTo) {
      this.#pump(false);
    } else {
      this.#armTimer();
    }
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
    const { batchSize } = this.#options;
    while (
      this.#queue.size > 0 &&
      (all || this.#queue.size >= batchSize || this.#left < this.#drainTo) &&
      this.#inFlight.size < this.#maxInFlight
    ) {
      this.#dispatch(this.#queue.take(batchSize));
    }
    if (this.#queue.size === 0) this.stopTimer();
  }

  #dispatch(items: T[]): void {
    const first = this.#left + 1;
    this.#left += items.length;
    this.#inFlight.add(first);

    // Built once, here: a retry and the halves of a batch too large then
    // carry the same events (the same ids, and the same objects, which a
    // tee remembers as copied). One not built is already counted as lost.
    const events = items.map(this.#options.toEvent).filter(Boolean) as WireEvent[];
    // The next batch leaves inside this promise, before it settles: a
    // platform holding it (`waitUntil`) may accept no new ones afterwards.
    const batch = this.#send(events, first)
      .catch((error: unknown) => {
        this.#lose('internal_error', events.length, describe(error), 'failed');
      })
      .then(() => {
        this.#inFlight.delete(first);
        this.#answerWaiters();
        this.#next();
      });
    try {
      absorbRejection(this.#options.waitUntil?.(batch));
    } catch (error) {
      this.#options.logger.debug('transport', `waitUntil threw: ${describe(error)}`);
    }
  }

  /** Resolves each flush whose events, up to its mark, are all answered. */
  #answerWaiters(): void {
    while (this.#waiters.length > 0 && this.#answered(this.#waiters[0]!.mark)) {
      const waiter = this.#waiters.shift()!;
      // Everything settled since the last flush, background batches
      // included, so the results of successive flushes add up to the totals.
      const result = this.#unreported;
      this.#unreported = none();
      waiter.resolve(result);
    }
  }

  /** Events 1..`mark` have all left the queue, and none is on the wire. */
  #answered(mark: number): boolean {
    if (this.#left < mark) return false;
    for (const first of this.#inFlight) if (first <= mark) return false;
    return true;
  }

  /** Sends a batch (or a half of one) whose first event is numbered `first`. */
  async #send(events: WireEvent[], first: number): Promise<void> {
    // Every event of the batch was dropped as it was built.
    if (!events.length) return;
    const { clock, sdk, transport } = this.#options;
    const batch = { sentAt: toIsoString(clock.now()), sdk, events };
    let result: TransportResult;
    try {
      // Read at each send, not at dispatch: an exit flush called while a
      // batch is on the wire makes the halves of its split one attempt each.
      result = await transport.send(batch as never, {
        noRetry: first <= this.#noRetryTo,
        unloading: first <= this.#unloadingTo,
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
      // Both halves under the batch's first number: all of it was queued
      // before any flush called while it was on the wire.
      await this.#send(events.slice(0, half), first);
      await this.#send(events.slice(half), first);
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
}
