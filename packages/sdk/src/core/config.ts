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

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

const text = (expected: string) => v.optional(v.string(expected));
const int = (min: number, max: number) =>
  v.optional(
    v.pipe(
      v.number(`an integer from ${min} to ${max}`),
      v.integer(`an integer from ${min} to ${max}`),
      v.minValue(min, `an integer from ${min} to ${max}`),
      v.maxValue(max, `an integer from ${min} to ${max}`),
    ),
  );
const fn = v.optional(v.function('a function'));
const bool = v.optional(v.boolean('true or false'));
const URL_EXPECTED = 'an http(s) URL';

const OptionsSchema = v.strictObject(
  {
    apiKey: text('a string'),
    endpoint: v.optional(
      v.pipe(
        v.string(URL_EXPECTED),
        v.url(URL_EXPECTED),
        v.regex(/^https?:\/\//i, URL_EXPECTED),
      ),
    ),
    projectId: text('a string'),
    tenantId: text('a string'),
    applicationId: text('a string'),
    sessionId: text('a string'),
    userId: text('a string'),
    sourceComponent: text('a string'),
    batchSize: int(1, 10_000),
    flushInterval: int(0, 3_600_000),
    maxRetries: int(0, 20),
    maxQueueSize: int(1, 1_000_000),
    sampleRate: v.optional(
      v.pipe(
        v.number('a number from 0 to 1'),
        v.minValue(0, 'a number from 0 to 1'),
        v.maxValue(1, 'a number from 0 to 1'),
      ),
    ),
    debug: bool,
    captureContent: bool,
    enabled: bool,
    beforeSend: fn,
    onError: fn,
    transport: v.optional(
      v.looseObject({ send: v.function() }, 'an object with a send(batch) method'),
      undefined,
    ),
    redact: v.optional(
      v.union(
        [v.boolean(), v.looseObject({})],
        'true, false or { patterns, keys }',
      ),
    ),
    dangerouslyAllowSecretKeyInBrowser: bool,
    waitUntil: fn,
  },
  'an options object',
);

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

const ENV_TEXT = {
  apiKey: 'ROBOTFORGE_API_KEY',
  endpoint: 'ROBOTFORGE_ENDPOINT',
  projectId: 'ROBOTFORGE_PROJECT_ID',
  tenantId: 'ROBOTFORGE_TENANT_ID',
  applicationId: 'ROBOTFORGE_APPLICATION_ID',
} as const;

/** Reads one environment variable; undefined where there is none. */
export type EnvReader = (name: string) => string | undefined;

function fromEnv(readEnv: EnvReader): Partial<TelemetryOptions> {
  const found: Partial<TelemetryOptions> = {};
  for (const [option, name] of Object.entries(ENV_TEXT)) {
    const value = readEnv(name);
    if (value) found[option as keyof typeof ENV_TEXT] = value;
  }
  const debug = readEnv('ROBOTFORGE_DEBUG');
  if (debug) found.debug = /^(1|true|yes|on)$/i.test(debug);
  const rate = readEnv('ROBOTFORGE_SAMPLE_RATE');
  if (rate) {
    const parsed = Number(rate);
    if (rate.trim() === '' || !(parsed >= 0 && parsed <= 1)) {
      throw new TelemetryConfigError('ROBOTFORGE_SAMPLE_RATE', 'a number from 0 to 1', rate);
    }
    found.sampleRate = parsed;
  }
  return found;
}

/**
 * Validates options, fills gaps from the environment, then defaults.
 * @throws TelemetryConfigError naming the first bad option.
 */
export function resolveOptions(
  options: TelemetryOptions | undefined,
  readEnv: EnvReader,
): ResolvedOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TelemetryConfigError('options', 'an options object', options);
  }
  const explicit = Object.fromEntries(
    Object.entries(options ?? {}).filter(([, value]) => value !== undefined),
  );
  const merged = { ...fromEnv(readEnv), ...explicit };
  const result = v.safeParse(OptionsSchema, merged);
  if (!result.success) {
    const issue = result.issues[0];
    const key = issue.path?.[0]?.key;
    if (issue.type === 'strict_object' && key !== undefined) {
      throw new TelemetryConfigError(String(key), 'a known option name', 'an unknown option');
    }
    throw new TelemetryConfigError(String(key ?? 'options'), issue.message, issue.input);
  }
  const valid = result.output as TelemetryOptions;
  return {
    ...valid,
    endpoint: (valid.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, ''),
    batchSize: valid.batchSize ?? DEFAULT_BATCH_SIZE,
    flushInterval: valid.flushInterval ?? DEFAULT_FLUSH_INTERVAL_MS,
    maxRetries: valid.maxRetries ?? DEFAULT_MAX_RETRIES,
    maxQueueSize: valid.maxQueueSize ?? DEFAULT_MAX_QUEUE_SIZE,
    sampleRate: valid.sampleRate ?? 1,
    captureContent: valid.captureContent ?? true,
    debug: valid.debug ?? false,
    enabled: valid.enabled ?? true,
  };
}
