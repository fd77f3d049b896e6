/**
 * Spans: the live, mutable objects in the user's code. A span holds plain
 * fields and raw captured values; turning it into a wire event (JSON,
 * ISO dates, redaction) happens later, when a batch is built.
 */
import type { EventStatus, EventType } from './schema.js';
import { newSpanId, newTraceId } from './ids.js';
import type { Logger } from './logger.js';
import { setKey } from './serialize-walk.js';

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

const STATUSES: readonly string[] = ['success', 'error', 'pending', 'aborted'];
const TOKEN_FIELDS = ['input', 'output', 'total', 'cacheRead', 'cacheCreation',
  'reasoning'] as const;

const DISPOSE: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose');
const ASYNC_DISPOSE: symbol =
  (Symbol as { asyncDispose?: symbol }).asyncDispose ?? Symbol.for('Symbol.asyncDispose');

/** Objects whose own keys are the entries: `{}` literals and null-prototype objects. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  try {
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
  } catch {
    return false;
  }
}

export const isCount = (n: unknown): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** `setModel` for `model`. */
export const setterOf = (field: string): string =>
  `set${field[0]!.toUpperCase()}${field.slice(1)}`;

/** Why a setter refused a value; anything else a setter's check returns is stored. */
export interface Refusal {
  readonly why: string;
}

// A set rather than `instanceof`, which would run a hostile proxy's traps.
const refusals = new WeakSet<object>();

/** A refusal to return from a setter's check. */
export function refusal(why: string): Refusal {
  const made = { why };
  refusals.add(made);
  return made;
}

const isRefusal = (value: unknown): value is Refusal => refusals.has(value as object);

/**
 * Adds a chainable `set…` method per field to `Kind`, which stores what
 * `accept` makes of the value; nothing once the span has ended, and
 * nothing (with a debug line saying why) when `accept` refuses it.
 */
export function defineSetters<S extends Span>(
  Kind: { prototype: S },
  fields: { [field: string]: (value: any, span: S) => unknown },
): void {
  for (const [field, accept] of Object.entries(fields)) {
    const method = setterOf(field);
    Object.defineProperty(Kind.prototype, method, {
      configurable: true,
      writable: true,
      value(this: S, value: unknown) {
        if (this.writable(method)) {
          const accepted = accept(value, this);
          if (isRefusal(accepted)) this.ignore(method, accepted.why);
          else (this as unknown as Record<string, unknown>)[field] = accepted;
        }
        return this;
      },
    });
  }
}

const notAnAmount = refusal('expected a finite number >= 0');

/** Accepts a finite number >= 0 (costs, temperatures, durations). */
export const amount = (n: unknown): number | Refusal =>
  typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : notAnAmount;

// The setters and dispose methods are added to the prototype below the
// class; this merge gives them their types.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Span extends Disposable, AsyncDisposable {
  /** The captured input: any value; non-strings are serialized safely. */
  setInput(value: unknown): this;
  /** The captured output: any value; non-strings are serialized safely. */
  setOutput(value: unknown): this;
  /** `success`, `error`, `pending` or `aborted`. */
  setStatus(status: EventStatus): this;
  /** Records an error (type, message, stack) and sets status `error`. */
  setError(error: unknown): this;
}

/** What every span kind shares: identity, timing, content and setters. */
export abstract class Span {
  abstract readonly type: EventType;
  /** False when the trace was sampled out: the span records nothing. */
  readonly sampled: boolean;
  name: string;
  status: EventStatus = 'success';
  input: unknown;
  output: unknown;
  metadata: Record<string, unknown> | undefined;
  error: unknown;
  /** Wall-clock start, epoch milliseconds. */
  startTime: number;
  /** Set when the span ends. */
  latencyMs: number | undefined;
  /** @internal */ inputSet = false;
  /** @internal */ outputSet = false;
  /** @internal */ statusSet = false;
  #sink: SpanSink;
  #traceId: string | undefined;
  #spanId: string | undefined;
  #parentSpanId: string | null;
  #startMono: number;
  #presetLatencyMs: number | undefined;

  // Arguments rather than an options object: one allocation less per span.
  constructor(sink: SpanSink, parent: SpanParent | undefined, sampled: boolean,
    name: string) {
    this.#sink = sink;
    // The parent's ids, not the parent: a span queued for delivery must not
    // hold its parent (and the values the parent captured) alive.
    this.#traceId = parent?.traceId;
    this.#parentSpanId = parent ? parent.spanId : null;
    this.sampled = sampled;
    this.name = name;
    this.startTime = sink.now();
    this.#startMono = sink.monotonic();
  }

  // Ids are drawn when first read (by a child, or when the event is built),
  // which keeps their cost off the path of the traced call for most spans.
  /** 32 lowercase hex digits, shared by every span of the trace. */
  get traceId(): string {
    return (this.#traceId ??= newTraceId());
  }

  /** 16 lowercase hex digits. */
  get spanId(): string {
    return (this.#spanId ??= newSpanId());
  }

  /** The parent's span id, or null for a trace's root. */
  get parentSpanId(): string | null {
    return this.#parentSpanId;
  }

  /** True once `end()` has run. */
  get ended(): boolean {
    return this.latencyMs !== undefined;
  }

  /** Adds one metadata entry, or merges an object of entries. */
  setMetadata(keyOrEntries: string | Record<string, unknown>, value?: unknown): this {
    if (!this.writable('setMetadata')) return this;
    if (typeof keyOrEntries === 'string') {
      // A `toJSON` entry would make the serializer replace the whole object.
      if (keyOrEntries === 'toJSON') this.ignore('setMetadata', 'reserved key toJSON');
      else setKey((this.metadata ??= {}), keyOrEntries, value);
    } else if (isPlainObject(keyOrEntries)) {
      const metadata = (this.metadata ??= {});
      try {
        for (const key of Object.keys(keyOrEntries)) {
          if (key !== 'toJSON') setKey(metadata, key, keyOrEntries[key]);
        }
      } catch {
        this.ignore('setMetadata', 'entries could not be read');
      }
    } else if (keyOrEntries !== null && typeof keyOrEntries === 'object') {
      // Not a bag of entries (an array, a Map, binary data, a class
      // instance): kept whole under `value`, as the serializer shows it.
      (this.metadata ??= {}).value = keyOrEntries;
    } else this.ignore('setMetadata', 'expected a key or an object');
    return this;
  }

  /**
   * Ends the span and hands it to delivery. A second call is ignored.
   * Spans also end at the end of a `using` or `await using` block.
   */
  end(): void {
    if (this.ended) return this.ignore('end', 'already ended');
    this.latencyMs = Math.max(0, this.#sink.monotonic() - this.#startMono);
    if (this.sampled) this.#sink.spanEnded(this);
  }

  /** @internal Event builders: a duration given by hand. */
  protected presetLatency(ms: number): void {
    if (!this.writable('setLatencyMs')) return;
    const accepted = amount(ms);
    if (isRefusal(accepted)) this.ignore('setLatencyMs', accepted.why);
    // A start before 1970 cannot be stamped on the event.
    else if (ms > this.#sink.now()) this.ignore('setLatencyMs', 'starts before 1970');
    else this.#presetLatencyMs = ms;
  }

  /** @internal Event builders: ends now, with the preset duration if any. */
  protected sendPreset(): void {
    const ms = this.#presetLatencyMs;
    if (ms === undefined || this.ended) return this.end();
    this.latencyMs = ms;
    this.startTime = this.#sink.now() - ms;
    if (this.sampled) this.#sink.spanEnded(this);
  }

  /** @internal False, with a debug line, once the span has ended. */
  writable(method: string): boolean {
    if (!this.ended) return true;
    this.ignore(method, 'span ended');
    return false;
  }

  /** @internal A debug line for a call that changed nothing. */
  ignore(method: string, why: string): void {
    // Names are left out: like captured content, they may hold secrets.
    this.#sink.logger.debug('span', `${method}() ignored on a ${this.type} span: ${why}`);
  }
}

const unknownStatus = refusal('unknown status');

defineSetters(Span, {
  input: (value, span) => ((span.inputSet = true), value),
  output: (value, span) => ((span.outputSet = true), value),
  status: (status, span) =>
    STATUSES.includes(status) ? ((span.statusSet = true), status) : unknownStatus,
  error: (error, span) => {
    span.status = 'error';
    span.statusSet = true;
    return error;
  },
});

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
