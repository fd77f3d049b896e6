/**
 * The client: configuration, span creation, and the tracing API. Delivery
 * lives in `delivery.ts`; what differs per runtime comes in a `Platform`.
 */
import { systemClock, type Clock } from './clock.js';
import {
  REDACT_EXPECTED,
  TelemetryConfigError,
  resolveOptions,
  type ResolvedOptions,
  type TelemetryErrorInfo,
  type TelemetryOptions,
} from './config.js';
import type { ContextManager } from './context.js';
import { Delivery, type DeliveryStats, type FlushResult } from './delivery.js';
import { absorbRejection, applyBeforeSend } from './hooks.js';
import { toWireEvent, type EventContext } from './event.js';
import { newSessionId } from './ids.js';
import {
  AgentSpan,
  ModelCallEventBuilder,
  ModelCallSpan,
  ToolExecutionEventBuilder,
  ToolExecutionSpan,
} from './kinds.js';
import { createLogger, type Logger } from './logger.js';
import type { Platform } from './platform.js';
import { createRedactor } from './redact.js';
import { fastPaths } from './serialize.js';
import { describe } from './serialize-text.js';
import type { WireEvent } from './schema.js';
import { Span, type SpanParent, type SpanSink } from './span.js';
import { parseTraceparent, traceparentOf } from './trace-context.js';
import { SDK_NAME, SDK_VERSION } from './version.js';
import { withoutUrlSecrets } from '../transports/response.js';
import { createRetryingTransport } from '../transports/retry.js';

export type { SpanParent };

/** Options every span kind accepts. */
export interface CommonSpanOptions {
  name?: string;
  input?: unknown;
  metadata?: Record<string, unknown>;
  /** Nest under this span instead of the active one. */
  parent?: SpanParent;
  /**
   * Start a new trace even inside another span: for entry points such as
   * message or request handlers that may be invoked from inside other work.
   */
  root?: boolean;
}

const ON_ERROR_INTERVAL_MS = 1000;
/** Unregisters the shutdown hooks of clients collected without close(). */
let collected: FinalizationRegistry<() => void> | undefined;

export type SpanClass<S extends Span> = new (
  sink: SpanSink, parent: SpanParent | undefined, sampled: boolean, name: string) => S;

/** @internal The engine behind {@link TelemetryClient}. */
export class ClientCore {
  #options: ResolvedOptions;
  #clock: Clock;
  #logger: Logger;
  #context: ContextManager;
  #delivery: Delivery<WireEvent | Span>;
  #eventContext: EventContext;
  #sink: SpanSink;
  #closed = false;
  #closing: Promise<FlushResult> | undefined;
  #disabledReason: string | undefined;
  #unregisterShutdown: (() => void) | undefined;
  #lastOnErrorAt = -Infinity;
  #warned = new Set<string>();

  constructor(options: TelemetryOptions | undefined, platform: Platform, clock?: Clock) {
    this.#options = resolveOptions(options, platform.readEnv);
    this.#clock = clock ?? systemClock(platform.unrefTimer);
    this.#logger = createLogger(this.#options.debug);
    this.#context = platform.context();
    this.#disabledReason = this.#options.enabled ? undefined : 'disabled by option';
    const vetted = platform.vet?.(this.#options, this.#logger);
    if (vetted && vetted.disabled) this.#disabledReason = vetted.disabled;

    const o = this.#options;
    // The options carry every field an event takes from its client.
    this.#eventContext = { ...o, redactor: redactorOf(o.redact) };
    const wire = o.transport ?? platform.createTransport(o);
    const retrying = createRetryingTransport(wire, {
      maxRetries: o.maxRetries,
      clock: this.#clock,
      onRetry: (attempt, delay, reason) =>
        this.#logger.debug('transport', `${reason}; retry ${attempt} in ${delay} ms`),
    });
    this.#delivery = new Delivery({
      ...o,
      transport: retrying,
      clock: this.#clock,
      logger: this.#logger,
      sdk: { name: SDK_NAME, version: SDK_VERSION, runtime: platform.runtime },
      onLoss: (reason, events, detail) => this.#onLoss(reason, events, detail),
      // A span changed after its end (a number assigned to `name`) may not
      // build: it is then counted as dropped with its reason, never sent.
      toEvent: (item) => (item instanceof Span ? this.#toEvent(item) : item),
    });
    this.#sink = {
      logger: this.#logger,
      monotonic: this.#clock.monotonic,
      now: this.#clock.now,
      spanEnded: (span) => this.#spanEnded(span),
    };
    if (!this.#disabledReason) {
      const unregister = platform.onShutdown?.(weakShutdownHook(this.#delivery));
      this.#unregisterShutdown = unregister;
      if (unregister && typeof FinalizationRegistry === 'function') {
        (collected ??= new FinalizationRegistry((done: () => void) => done()))
          .register(this, unregister);
      }
    }
    this.#logger.debug('client',
      `ready: runtime ${platform.runtime}, endpoint ${withoutUrlSecrets(o.endpoint)}`);
  }

  /** False once closed or when disabled; trace methods then only pass through. */
  get recording(): boolean {
    return !this.#closed && this.#disabledReason === undefined;
  }

  /** Running totals: queued, sent, failed, dropped, and the reasons. */
  get stats(): DeliveryStats {
    const { reasons, ...counts } = this.#delivery.stats;
    return { ...counts, reasons: { ...reasons } };
  }

  /** The span active in the current context, if any. */
  getActiveSpan(): Span | undefined {
    return this.#context.active();
  }

  /**
   * Sends every event queued or in flight and resolves once each has a
   * final answer; never rejects.
   */
  flush(): Promise<FlushResult> {
    return this.#delivery.flush();
  }

  /**
   * Flushes, stops timers and hooks. Trace methods keep running the user's
   * functions but record nothing afterwards.
   */
  close(): Promise<FlushResult> {
    // Every caller waits for the same flush, so a second close() (from a
    // second shutdown handler) never resolves before the events are answered.
    return (this.#closing ??= this.#close());
  }

  async #close(): Promise<FlushResult> {
    this.#closed = true;
    // The shutdown hook stays until the flush is done: if the process starts
    // to exit meanwhile, it ends the retries so close() still resolves.
    const result = await this.#delivery.flush();
    this.#unregisterShutdown?.();
    this.#delivery.stopTimer();
    return result;
  }

  /** @internal Creates a span of `Kind` under the given or active parent. */
  protected createSpan<S extends Span>(
    Kind: SpanClass<S>,
    options: CommonSpanOptions,
    defaultName: string,
  ): S {
    const parent = options.parent !== undefined
      ? this.#checkedParent(options.parent)
      : options.root ? undefined : this.#context.active();
    const sampled = this.recording && (parent
      ? parent.sampled !== false
      : this.#options.sampleRate >= 1 || this.#clock.random() < this.#options.sampleRate);
    const given = options.name;
    const name = typeof given === 'string' && given ? given : defaultName;
    const span = new Kind(this.#sink, parent, sampled, name);
    if (options.input !== undefined) span.input = options.input;
    if (options.metadata) span.setMetadata(options.metadata);
    return span;
  }

  /** @internal The context spans run in; none when not recording (F7). */
  protected get runContext(): ContextManager | undefined {
    return this.recording ? this.#context : undefined;
  }

  /** @internal */
  protected get captureContent(): boolean {
    return this.#options.captureContent;
  }

  /** A parent given by the user: a span, or ids that look like a trace's. */
  #checkedParent(parent: unknown): SpanParent | undefined {
    try {
      if (parent instanceof Span) return parent;
      const { traceId, spanId, sampled } = parent as SpanParent;
      // The ids are checked as a `traceparent` header made of them would be.
      if (typeof traceId === 'string' && typeof spanId === 'string' &&
        parseTraceparent(traceparentOf({ traceId, spanId }))) {
        return { traceId, spanId, sampled: sampled === false ? false : undefined };
      }
    } catch {
      // A hostile object: treated like any other invalid parent below.
    }
    this.#logger.debug('span', 'parent ignored: expected a span or { traceId, spanId }');
    return undefined;
  }

  #spanEnded(span: Span): void {
    try {
      if (this.#closed) return this.#delivery.discard('closed', 'span ended after close()');
      // Where the runtime can tell (Node), a span holding only values its
      // code can no longer change (strings, numbers) is queued as it is and
      // its event built as its batch leaves, off the path of the traced
      // call. Otherwise the event is built now: the user's code may change a
      // captured object later (a message list grows each turn), and a queue
      // of bounded events holds no large objects alive. `beforeSend` always
      // sees each event when its span ends.
      const settled = fastPaths.isSettled?.(span, this.#options);
      const event = settled ? span : this.#toEvent(span);
      if (event) this.#delivery.enqueue(event);
    } catch (error) {
      this.#logger.debug('queue', `enqueue failed: ${describe(error)}`);
    }
  }

  /** The event of `span`, or `undefined` once its drop is counted. */
  #toEvent(span: Span): WireEvent | undefined {
    // Drawn here rather than at construction: Workers forbid random values
    // at module scope, where clients are often created.
    this.#eventContext.sessionId ??= newSessionId();
    let event: WireEvent | { drop: string };
    try {
      event = toWireEvent(span, this.#eventContext);
      const beforeSend = this.#options.beforeSend;
      if (beforeSend) event = applyBeforeSend(beforeSend, event);
    } catch {
      event = { drop: 'serialize_error' };
    }
    return 'drop' in event
      ? this.#delivery.discard(event.drop, `${span.type} event dropped`) as undefined
      : event;
  }

  #onLoss(reason: string, events: number, detail: string): void {
    const message = `${events} event(s) lost: ${reason}: ${detail}`;
    if (reason === 'http_401' && !this.#warned.has(reason)) {
      this.#warned.add(reason);
      this.#logger.warn('transport', message);
    } else this.#logger.debug(reason === 'queue_full' ? 'queue' : 'transport', message);

    const onError = this.#options.onError;
    const now = this.#clock.monotonic();
    if (!onError || now - this.#lastOnErrorAt < ON_ERROR_INTERVAL_MS) return;
    this.#lastOnErrorAt = now;
    try {
      const info: TelemetryErrorInfo = { kind: reason, message, events };
      absorbRejection(onError(info));
    } catch {
      // The user's handler failed; never let that reach their code.
    }
  }
}

export { ModelCallSpan, ToolExecutionSpan, AgentSpan, ModelCallEventBuilder,
  ToolExecutionEventBuilder };

function redactorOf(option: ResolvedOptions['redact']) {
  try {
    return createRedactor(option);
  } catch {
    throw new TelemetryConfigError('redact', REDACT_EXPECTED, option);
  }
}

/**
 * The hook a runtime runs at exit or page hide. It holds the delivery only
 * weakly, so a client dropped without `close()` can still be collected (a
 * runtime keeps its hooks for the life of the process); pending work keeps
 * the delivery alive through its own timers and requests. The hook is
 * unregistered once the client is collected.
 */
function weakShutdownHook(delivery: Delivery<WireEvent | Span>): () => Promise<unknown> {
  if (typeof WeakRef !== 'function') return () => delivery.flush(true, true);
  return hookOf(new WeakRef(delivery));
}

// Apart from `weakShutdownHook`: a closure made there would share its scope,
// and so hold `delivery` strongly after all.
function hookOf(ref: WeakRef<Delivery<WireEvent | Span>>): () => Promise<unknown> {
  return () => ref.deref()?.flush(true, true) ?? Promise.resolve();
}
