/**
 * Options of `startCollector`, their defaults, and the checks that turn a
 * configuration mistake into an error naming the option.
 */
import type { LogSink } from './logger.js';
import type { RateLimitOptions } from './rate-limit.js';

/** Port the collector listens on unless told otherwise (OTLP's 4318, plus one). */
export const DEFAULT_PORT = 4319;
/** Loopback only by default: telemetry holds prompts and outputs. */
export const DEFAULT_HOST = '127.0.0.1';
/** Largest request body accepted, in bytes; larger bodies get 413. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Most events one batch may hold; larger batches get 413. */
export const DEFAULT_MAX_EVENTS_PER_BATCH = 10_000;
/** Sustained request rate allowed per API key (or per IP when open). */
export const DEFAULT_RATE_LIMIT_PER_SECOND = 200;
/** Requests a client may send at once before the sustained rate applies. */
export const DEFAULT_RATE_LIMIT_BURST = 400;

/** How to start a collector. Every field is optional. */
export interface CollectorOptions {
  /** TCP port; `0` picks a free one. Default {@link DEFAULT_PORT}. */
  port?: number;
  /** Interface to bind. Default {@link DEFAULT_HOST}. */
  host?: string;
  /** SQLite file path, or `':memory:'` (the default here; the CLI uses a file). */
  db?: string;
  /** Accepted API keys. None means open: anyone who can connect may send and read. */
  apiKeys?: string[];
  /**
   * Origins allowed to call from a browser, exactly as sent (`https://app.example`),
   * or `'*'` for any. Default: any `http://localhost`, `127.0.0.1` or `[::1]` port.
   */
  corsOrigins?: string[];
  /**
   * Names besides `localhost` that clients use to reach the collector, such
   * as a Docker service name, or `'*'` for any. Requests naming another
   * host in `Host` get 403, which stops DNS rebinding. IP addresses and
   * a name given as `host` are always accepted. Default: none.
   */
  allowedHosts?: string[];
  /** Token bucket per client, or `false` to turn rate limiting off. */
  rateLimit?: RateLimitOptions | false;
  /** Default {@link DEFAULT_MAX_BODY_BYTES}. */
  maxBodyBytes?: number;
  /** Default {@link DEFAULT_MAX_EVENTS_PER_BATCH}. */
  maxEventsPerBatch?: number;
  /** Receives log lines; nothing is logged without it. */
  log?: LogSink;
  /** Also log each request and each rejected event. */
  verbose?: boolean;
  /** Clock in epoch ms, for tests of the rate limiter. Default `Date.now`. */
  now?: () => number;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  port: number;
  host: string;
  db: string;
  apiKeys: string[];
  corsOrigins: string[] | undefined;
  allowedHosts: string[];
  rateLimit: RateLimitOptions | false;
  maxBodyBytes: number;
  maxEventsPerBatch: number;
  log: LogSink | undefined;
  verbose: boolean;
  now: () => number;
}

function positiveInt(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(
      `collector option ${name}: expected a positive integer, got ${value}`,
    );
  }
  return value;
}

function strings(name: string, value: string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || !item)) {
    throw new TypeError(
      `collector option ${name}: expected an array of non-empty strings`,
    );
  }
  return value;
}

/**
 * Fills in defaults and checks every option.
 * @throws TypeError naming the option when a value has the wrong shape.
 */
export function resolveOptions(options: CollectorOptions = {}): ResolvedOptions {
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(`collector option port: expected 0-65535, got ${options.port}`);
  }

  let rateLimit: RateLimitOptions | false = {
    requestsPerSecond: DEFAULT_RATE_LIMIT_PER_SECOND,
    burst: DEFAULT_RATE_LIMIT_BURST,
  };
  if (options.rateLimit === false) rateLimit = false;
  else if (options.rateLimit !== undefined) {
    const { requestsPerSecond, burst } = options.rateLimit;
    if (!(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond)) {
      throw new TypeError('collector option rateLimit.requestsPerSecond: expected > 0');
    }
    rateLimit = { requestsPerSecond, burst: positiveInt('rateLimit.burst', burst, 1) };
  }

  return {
    port,
    host: options.host ?? DEFAULT_HOST,
    db: options.db ?? ':memory:',
    apiKeys: strings('apiKeys', options.apiKeys) ?? [],
    corsOrigins: strings('corsOrigins', options.corsOrigins),
    allowedHosts: strings('allowedHosts', options.allowedHosts) ?? [],
    rateLimit,
    maxBodyBytes: positiveInt(
      'maxBodyBytes',
      options.maxBodyBytes,
      DEFAULT_MAX_BODY_BYTES,
    ),
    maxEventsPerBatch: positiveInt(
      'maxEventsPerBatch',
      options.maxEventsPerBatch,
      DEFAULT_MAX_EVENTS_PER_BATCH,
    ),
    log: options.log,
    verbose: options.verbose ?? false,
    now: options.now ?? Date.now,
  };
}
