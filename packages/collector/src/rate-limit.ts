/**
 * A token bucket per client. Each request takes one token; tokens come back
 * at a steady rate up to the burst size.
 */

/** Rate limit settings, per client (API key, or IP address when open). */
export interface RateLimitOptions {
  /** Tokens added per second: the sustained request rate. */
  requestsPerSecond: number;
  /** Bucket size: how many requests may arrive at once. */
  burst: number;
}

/** Buckets kept in memory; the least recently seen client is forgotten first. */
const MAX_TRACKED_CLIENTS = 10_000;

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** The outcome of one request against its bucket. */
export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Token buckets keyed by client id, with an injectable clock. */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `clientId`, or says how long to wait for one. */
  take(clientId: string): TakeResult {
    const { requestsPerSecond, burst } = this.options;
    const nowMs = this.now();
    const bucket = this.#buckets.get(clientId) ?? { tokens: burst, updatedMs: nowMs };

    const elapsedMs = Math.max(0, nowMs - bucket.updatedMs);
    const refilled = (elapsedMs * requestsPerSecond) / 1000;
    bucket.tokens = Math.min(burst, bucket.tokens + refilled);
    bucket.updatedMs = nowMs;
    this.#remember(clientId, bucket);

    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    const waitSeconds = (1 - bucket.tokens) / requestsPerSecond;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
  }

  // Re-inserting keeps the map in least-recently-seen order, so the oldest
  // entry is the one to forget. A forgotten client merely starts full again.
  #remember(clientId: string, bucket: Bucket): void {
    this.#buckets.delete(clientId);
    this.#buckets.set(clientId, bucket);
    if (this.#buckets.size > MAX_TRACKED_CLIENTS) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
  }
}
