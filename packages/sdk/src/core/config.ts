/**
 * Client options: their defaults, the environment variables that fill
 * them, and their validation. A bad option fails loudly at construction
 * with a {@link TelemetryConfigError}; nothing else in the SDK throws.
 */
import * as v from 'valibot';
import type { RedactOptions } from './redact.js';
import type { WireEvent } from './schema.js';
import type { Transport } from '../transports/types.js';

export const DEFAULT_ENDPOINT = 'https://api.robotforge.com.ng';
export const DEFAULT_BATCH_SIZE = 10;
export const DEFAULT_FLUSH_INTERVAL_MS = 5000;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_MAX_QUEUE_SIZE = 1000;

/** A run-time failure handed to `onError`. */
export interface TelemetryErrorInfo {
  /** Where it happened: `transport`, `serializer`, `beforeSend`, `queue`. */
  kind: string;
  message: string;
  /** Events the failure cost, when it cost any. */
  events?: number;
}

/** Options of a {@link TelemetryClient}. Every one is optional. */
export interface TelemetryOptions {
  /** Sent as `authorization: Bearer <apiKey>`; never logged or put in a URL. */
  apiKey?: string;
  /** Base URL; events go to `{endpoint}/v1/events`. */
  endpoint?: string;
  /**
   * Stamped on every event, like `tenantId`, `applicationId`, `sessionId`,
   * `userId` and `sourceComponent`: each at most 2048 characters.
   */
  projectId?: string;
  tenantId?: string;
  applicationId?: string;
  /** Generated (once, when the first event is built) when absent. */
  sessionId?: string;
  userId?: string;
  /** Events per request; a batch also leaves when this many are queued. */
  batchSize?: number;
  /** Milliseconds between background flushes of a non-empty queue. */
  flushInterval?: number;
  /** Retries after the first attempt for network errors, 408, 429, 5xx. */
  maxRetries?: number;
  /** Prints `[robotforge:*]` debug lines. */
  debug?: boolean;
  /** Events held at most; when full the oldest is dropped and counted. */
  maxQueueSize?: number;
  /** Fraction of traces recorded, 0 to 1, decided once per trace. */
  sampleRate?: number;
  /** `false` omits inputs, outputs and payloads from every event. */
  captureContent?: boolean;
  /**
   * Sees each event as it would be sent (after content removal and
   * redaction); returns it, edited or not, or `null` to drop it.
   */
  beforeSend?: (event: WireEvent) => WireEvent | null | undefined;
  /** Run-time failures (rate-limited to one call per second). */
  onError?: (error: TelemetryErrorInfo) => void;
  /** Replaces the default HTTP transport. */
  transport?: Transport;
  /** Names the part of the application that emits the events. */
  sourceComponent?: string;
  /** Secret redaction in captured content: on by default. */
  redact?: boolean | RedactOptions;
  /** `false` makes every trace method a pure pass-through. */
  enabled?: boolean;
  /** Browser entry only: allow an `rf_sk_` secret key in a page. */
  dangerouslyAllowSecretKeyInBrowser?: boolean;
  /**
   * Hands background delivery to the platform (Vercel edge, Workers) so
   * the function is not frozen before its events leave.
   */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/** Thrown at construction for a bad option, naming it and what was expected. */
export class TelemetryConfigError extends Error {
  override name = 'TelemetryConfigError';
  constructor(
    readonly option: string,
    readonly expected: string,
    received: unknown,
  ) {
    super(`Invalid option "${option}": expected ${expected}, received ${show(received)}`);
  }
}

const SECRET_OPTIONS = ['apiKey', 'endpoint'];
const NOT_SHOWN = Symbol('not shown');

function show(value: unknown): string {
  if (value === NOT_SHOWN) return 'a value not repeated here (it may hold a secret)';
  try {
    // A long string is described, not quoted: it may fill a screen.
    if (typeof value === 'string') {
      return value.length > 40 ? `a string of ${value.length} characters`
        : JSON.stringify(value);
    }
    if (typeof value === 'function') return 'a function';
    if (value === null || typeof value !== 'object') return String(value);
    return Array.isArray(value) ? 'an array' : 'an object';
  } catch {
    // A revoked Proxy, or a Symbol-like value that refuses conversion.
    return 'a value that cannot be read';
  }
}

// One valibot `custom` schema per kind of value, its message saying what
// it expects. Only `custom` and `is` are used: an object schema would add
// about 1.5 KB to browser bundles to report what the loop below reports.
type Check = (value: any) => boolean;
const rule = (check: Check, expected: string) => v.custom(check, expected);
const isObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object';
const text = rule((s) => typeof s === 'string', 'a string');
/**
 * The wire schema's limit for the client-level fields stamped on every
 * event (`nullableString()` in schema.ts). A longer value would have the
 * collector refuse every event, so it is refused here instead. Empty
 * strings and control characters pass, as the schema takes them.
 */
export const MAX_CLIENT_FIELD_CHARS = 2048;
const field = rule((s) => typeof s === 'string' && s.length <= MAX_CLIENT_FIELD_CHARS,
  `a string of at most ${MAX_CLIENT_FIELD_CHARS} characters`);
const int = (min: number, max: number) =>
  rule((n) => Number.isInteger(n) && n >= min && n <= max,
    `an integer from ${min} to ${max}`);
const fn = rule((f) => typeof f === 'function', 'a function');
const bool = rule((b) => typeof b === 'boolean', 'true or false');

/**
 * An http(s) URL that a path can be added to and fetch will take: no user
 * info, query or fragment. The client's `endpoint` and the OTLP transports
 * share this rule.
 */
export function isEndpointUrl(value: unknown): value is string {
  try {
    if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return false;
    // A query or fragment would end up after the path `/v1/events` is added
    // to, and fetch refuses a URL with user info: every batch would fail.
    // The raw text is checked because URL gives '' for a bare `?` or `#`.
    if (/[?#]/.test(value)) return false;
    const url = new URL(value);
    return url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

const RATE_EXPECTED = 'a number from 0 to 1';
/** What the `redact` option takes. */
export const REDACT_EXPECTED = 'true, false or { patterns: RegExp[], keys: string[] }';

/** Every option's schema; a name not here is an unknown option. */
const OPTION_SCHEMAS: Record<string, v.CustomSchema<unknown, string>> = {
  apiKey: text,
  endpoint: rule(isEndpointUrl, 'an http(s) URL without user info, query or fragment'),
  projectId: field,
  tenantId: field,
  applicationId: field,
  sessionId: field,
  userId: field,
  sourceComponent: field,
  batchSize: int(1, 10_000),
  flushInterval: int(0, 3_600_000),
  maxRetries: int(0, 20),
  maxQueueSize: int(1, 1_000_000),
  sampleRate: rule((n) => typeof n === 'number' && n >= 0 && n <= 1, RATE_EXPECTED),
  debug: bool,
  captureContent: bool,
  enabled: bool,
  beforeSend: fn,
  onError: fn,
  transport: rule((t) => isObject(t) && typeof t.send === 'function',
    'an object with a send(batch) method'),
  redact: rule((r) => typeof r === 'boolean' || isObject(r), REDACT_EXPECTED),
  dangerouslyAllowSecretKeyInBrowser: bool,
  waitUntil: fn,
};

/** Options after defaults, environment and validation. */
export interface ResolvedOptions extends TelemetryOptions {
  endpoint: string;
  batchSize: number;
  flushInterval: number;
  maxRetries: number;
  maxQueueSize: number;
  sampleRate: number;
  captureContent: boolean;
  debug: boolean;
  enabled: boolean;
}

/** Reads one environment variable; undefined where there is none. */
export type EnvReader = (name: string) => string | undefined;

/**
 * Options read from `ROBOTFORGE_API_KEY`, `_ENDPOINT`, `_PROJECT_ID`,
 * `_TENANT_ID`, `_APPLICATION_ID`, `_DEBUG` and `_SAMPLE_RATE`.
 */
const ENV_OPTIONS = ['apiKey', 'endpoint', 'projectId', 'tenantId', 'applicationId',
  'debug', 'sampleRate'];

/** `ROBOTFORGE_PROJECT_ID` for `projectId`. */
const envName = (option: string) =>
  `ROBOTFORGE_${option.replace(/[A-Z]/g, '_$&').toUpperCase()}`;

function fromEnv(readEnv: EnvReader): Partial<TelemetryOptions> {
  const found: Record<string, unknown> = {};
  for (const option of ENV_OPTIONS) {
    const value = readEnv(envName(option));
    if (value) found[option] = value;
  }
  const { debug, sampleRate: rate } = found as Record<string, string | undefined>;
  if (debug) found.debug = /^(1|true|yes|on)$/i.test(debug);
  if (rate) {
    const parsed = Number(rate);
    if (rate.trim() === '' || !(parsed >= 0 && parsed <= 1)) {
      throw new TelemetryConfigError(envName('sampleRate'), RATE_EXPECTED, rate);
    }
    found.sampleRate = parsed;
  }
  return found;
}

const DEFAULTS = {
  batchSize: DEFAULT_BATCH_SIZE,
  flushInterval: DEFAULT_FLUSH_INTERVAL_MS,
  maxRetries: DEFAULT_MAX_RETRIES,
  maxQueueSize: DEFAULT_MAX_QUEUE_SIZE,
  sampleRate: 1,
  captureContent: true,
  debug: false,
  enabled: true,
};

/**
 * Validates options, fills gaps from the environment, then defaults.
 * @throws TelemetryConfigError naming the first bad option.
 */
export function resolveOptions(
  options: TelemetryOptions | undefined,
  readEnv: EnvReader,
): ResolvedOptions {
  try {
    return resolve(options, readEnv);
  } catch (error) {
    if (error instanceof TelemetryConfigError) throw error;
    // Proxies and throwing getters in the options: still a configuration error.
    throw new TelemetryConfigError('options', 'a plain options object', options);
  }
}

function resolve(options: TelemetryOptions | undefined, readEnv: EnvReader): ResolvedOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TelemetryConfigError('options', 'an options object', options);
  }
  const explicit = Object.fromEntries(
    Object.entries(options ?? {}).filter(([, value]) => value !== undefined),
  );
  const merged: Record<string, unknown> = { ...fromEnv(readEnv), ...explicit };
  // Known options first, in the order above, then any unknown name.
  for (const name in OPTION_SCHEMAS) {
    const schema = OPTION_SCHEMAS[name]!;
    if (name in merged && !v.is(schema, merged[name])) {
      // These two may hold credentials: never echoed into an error message.
      const shown = SECRET_OPTIONS.includes(name) ? NOT_SHOWN : merged[name];
      // A value read from the environment is named by its variable.
      const source = name in explicit ? name : envName(name);
      throw new TelemetryConfigError(source, schema.message, shown);
    }
  }
  for (const name in merged) {
    if (!Object.hasOwn(OPTION_SCHEMAS, name)) {
      const error = new TelemetryConfigError(name, 'a known option name', name);
      error.message = `Unknown option "${name}": see TelemetryOptions for the names`;
      throw error;
    }
  }
  const valid = merged as TelemetryOptions;
  const endpoint = (valid.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  return { ...DEFAULTS, ...valid, endpoint };
}
