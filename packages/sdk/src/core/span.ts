/**
 * Spans: the live, mutable objects in the user's code. A span holds plain
 * fields and raw captured values; turning it into a wire event (JSON,
 * ISO dates, redaction) happens later, when a batch is built.
 */
import type { EventStatus, EventType } from './schema.js';
import { newSpanId, newTraceId } from './ids.js';
import type { Logger } from './logger.js';

/** Token counts as the user gives them to `setTokens`. */
export interface TokenCounts {
  input?: number;
  output?: number;
  total?: number;
  cacheRead?: number;
  cacheCreation?: number;
  reasoning?: number;
}

/** Where a span goes when it ends. Private to the SDK. */
export interface SpanSink {
  readonly logger: Logger;
  spanEnded(span: Span): void;
  monotonic(): number;
  now(): number;
}

/** The ids of a span to nest under: a live span, or a remote parent's. */
export interface SpanParent {
  readonly traceId: string;
  readonly spanId: string;
  readonly sampled?: boolean;
}

/** What a span is created with. */
export interface SpanInit {
  parent: SpanParent | undefined;
  sampled: boolean;
  name: string;
}

const STATUSES: readonly string[] = ['success', 'error', 'pending', 'aborted'];
const TOKEN_FIELDS = ['input', 'output', 'total', 'cacheRead', 'cacheCreation',
  'reasoning'] as const;

const DISPOSE: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose');
const ASYNC_DISPOSE: symbol =
  (Symbol as { asyncDispose?: symbol }).asyncDispose ?? Symbol.for('Symbol.asyncDispose');

const isCount = (n: unknown): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= 0;
const isFiniteNumber = (n: unknown): n is number =>
  typeof n === 'number' && Number.isFinite(n);

// The dispose methods are keyed by runtime-resolved symbols (the native
// ones, or the `Symbol.for` polyfill keys); this merge gives them their types.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Span extends Disposable, AsyncDisposable {}

/** What every span kind shares: identity, timing, content and setters. */
export abstract class Span {
  abstract readonly type: EventType;
  /** False when the trace was sampled out: the span records nothing. */
  readonly sampled: boolean;
  name: string;
  status: EventStatus = 'success';
  input: unknown = undefined;
  output: unknown = undefined;
  metadata: Record<string, unknown> | undefined = undefined;
  error: unknown = undefined;
  /** Wall-clock start, epoch milliseconds. */
  startTime: number;
  /** Set when the span ends. */
  latencyMs: number | undefined = undefined;
  /** @internal */ inputSet = false;
  /** @internal */ outputSet = false;
  /** @internal */ statusSet = false;
  #sink: SpanSink;
  #parent: SpanParent | undefined;
  #traceId: string | undefined;
  #spanId: string | undefined;
  #startMono: number;
  #presetLatencyMs: number | undefined;

  constructor(sink: SpanSink, init: SpanInit) {
    this.#sink = sink;
    this.#parent = init.parent;
    this.sampled = init.sampled;
    this.name = init.name;
    this.startTime = sink.now();
    this.#startMono = sink.monotonic();
  }

  // Ids are drawn when first read (by a child, or when the event is built),
  // which keeps their cost off the path of the traced call.
  /** 32 lowercase hex digits, shared by every span of the trace. */
  get traceId(): string {
    return (this.#traceId ??= this.#parent ? this.#parent.traceId : newTraceId());
  }

  /** 16 lowercase hex digits. */
  get spanId(): string {
    return (this.#spanId ??= newSpanId());
  }

  /** The parent's span id, or null for a trace's root. */
  get parentSpanId(): string | null {
    return this.#parent ? this.#parent.spanId : null;
  }

  /** True once `end()` has run. */
  get ended(): boolean {
    return this.latencyMs !== undefined;
  }

  /** The captured input: any value; non-strings are serialized safely. */
  setInput(value: unknown): this {
    if (this.#writable('setInput')) {
      this.input = value;
      this.inputSet = true;
    }
    return this;
  }

  /** The captured output: any value; non-strings are serialized safely. */
  setOutput(value: unknown): this {
    if (this.#writable('setOutput')) {
      this.output = value;
      this.outputSet = true;
    }
    return this;
  }

  /** Adds one metadata entry, or merges an object of entries. */
  setMetadata(keyOrEntries: string | Record<string, unknown>, value?: unknown): this {
    if (!this.#writable('setMetadata')) return this;
    const metadata = (this.metadata ??= {});
    if (typeof keyOrEntries === 'string') metadata[keyOrEntries] = value;
    else if (keyOrEntries !== null && typeof keyOrEntries === 'object') {
      try {
        Object.assign(metadata, keyOrEntries);
      } catch {
        this.#ignore('setMetadata', 'entries could not be read');
      }
    } else this.#ignore('setMetadata', 'expected a key or an object');
    return this;
  }

  /** `success`, `error`, `pending` or `aborted`. */
  setStatus(status: EventStatus): this {
    if (!this.#writable('setStatus')) return this;
    if (STATUSES.includes(status)) {
      this.status = status;
      this.statusSet = true;
    } else this.#ignore('setStatus', 'unknown status');
    return this;
  }

  /** Records an error (type, message, stack) and sets status `error`. */
  setError(error: unknown): this {
    if (!this.#writable('setError')) return this;
    this.error = error;
    this.status = 'error';
    this.statusSet = true;
    return this;
  }

  /**
   * Ends the span and hands it to delivery. A second call is ignored.
   * Spans also end at the end of a `using` or `await using` block.
   */
  end(): void {
    if (this.ended) {
      this.#sink.logger.debug('span', `end() called twice on "${this.name}"; ignored`);
      return;
    }
    this.latencyMs = Math.max(0, this.#sink.monotonic() - this.#startMono);
    if (this.sampled) this.#sink.spanEnded(this);
  }

  /** @internal Event builders: a duration given by hand. */
  protected presetLatency(ms: number): void {
    if (this.#writable('setLatencyMs') && this.validNumber('setLatencyMs', ms, 0)) {
      this.#presetLatencyMs = ms;
    }
  }

  /** @internal Event builders: ends now, with the preset duration if any. */
  protected sendPreset(): void {
    const ms = this.#presetLatencyMs;
    if (ms === undefined || this.ended) return this.end();
    this.latencyMs = ms;
    this.startTime = this.#sink.now() - ms;
    if (this.sampled) this.#sink.spanEnded(this);
  }

  /** @internal */
  protected writable(method: string): boolean {
    return this.#writable(method);
  }

  /** @internal */
  protected ignore(method: string, why: string): void {
    this.#ignore(method, why);
  }

  /** @internal */
  protected validCount(method: string, value: unknown): value is number {
    if (isCount(value)) return true;
    this.#ignore(method, 'expected a non-negative integer');
    return false;
  }

  /** @internal */
  protected validNumber(method: string, value: unknown, min = -Infinity): value is number {
    if (isFiniteNumber(value) && value >= min) return true;
    this.#ignore(method, `expected a finite number${min > -Infinity ? ` >= ${min}` : ''}`);
    return false;
  }

  #writable(method: string): boolean {
    if (!this.ended) return true;
    this.#sink.logger.debug('span', `${method}() on ended span "${this.name}"; ignored`);
    return false;
  }

  #ignore(method: string, why: string): void {
    this.#sink.logger.debug('span', `${method}() ignored on "${this.name}": ${why}`);
  }

}

Object.defineProperty(Span.prototype, DISPOSE, {
  value(this: Span) {
    if (!this.ended) this.end();
  },
});
Object.defineProperty(Span.prototype, ASYNC_DISPOSE, {
  value(this: Span) {
    if (!this.ended) this.end();
    return Promise.resolve();
  },
});

/**
 * Fills `target` from `counts`, skipping invalid fields.
 * @returns the name of an invalid field, if any.
 */
export function mergeTokens(target: TokenCounts, counts: TokenCounts): string | undefined {
  let invalid: string | undefined;
  for (const field of TOKEN_FIELDS) {
    const value = counts[field];
    if (value === undefined) continue;
    if (isCount(value)) target[field] = value;
    else invalid = field;
  }
  if (counts.total === undefined && target.input !== undefined &&
    target.output !== undefined) {
    target.total = target.input + target.output;
  }
  return invalid;
}

export { DISPOSE, ASYNC_DISPOSE };
