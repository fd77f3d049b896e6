/**
 * The retry layer: wraps any transport and retries `retry` results with
 * exponential backoff and jitter, honouring `Retry-After`, up to
 * `maxRetries` times after the first attempt.
 */
import { sleep, type Clock } from '../core/clock.js';
import type { SendOptions, Transport, TransportResult } from './types.js';
import type { WireBatch } from '../core/schema.js';

export const BASE_RETRY_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 30_000;
/** A `Retry-After` longer than this is cut to it, so nothing waits for hours. */
export const MAX_RETRY_AFTER_MS = 120_000;

export interface RetryOptions {
  maxRetries: number;
  clock: Clock;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Told of each attempt that will be retried (for debug logs). */
  onRetry?: (attempt: number, delayMs: number, reason: string) => void;
}

export interface RetrySendOptions extends SendOptions {
  /** One attempt only: used at process exit and page unload. */
  noRetry?: boolean;
  /**
   * Ends any backoff wait and gives up instead of retrying; unlike
   * `signal`, it never aborts a request already on the wire.
   */
  stopRetrying?: AbortSignal;
}

/** Backoff before retry number `attempt` (0-based), with jitter. */
export function backoffDelay(
  attempt: number,
  random: () => number,
  baseMs = BASE_RETRY_DELAY_MS,
  maxMs = MAX_RETRY_DELAY_MS,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * The longest one attempt may take: the default transports time out at
 * 10 s, and a custom transport that never answers must not hold `flush()`
 * forever.
 */
export const ATTEMPT_DEADLINE_MS = 12_000;

/**
 * `send`'s answer, or a retryable result once the deadline passes. A real
 * timer, not the injected clock: it guards against a hang, not a schedule.
 */
function withDeadline(send: Promise<TransportResult>): Promise<TransportResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<TransportResult>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'retry',
      reason: `no answer within ${ATTEMPT_DEADLINE_MS} ms` }), ATTEMPT_DEADLINE_MS);
    (timer as { unref?: () => void }).unref?.();
  });
  return Promise.race([send, deadline]).finally(() => clearTimeout(timer));
}

/** Wraps `inner` so that retryable results are retried. */
export function createRetryingTransport(
  inner: Transport,
  options: RetryOptions,
): Transport & { send(batch: WireBatch, o?: RetrySendOptions): Promise<TransportResult> } {
  return {
    async send(batch, sendOptions: RetrySendOptions = {}) {
      const { stopRetrying: stop, signal } = sendOptions;
      const limit = sendOptions.noRetry ? 0 : options.maxRetries;
      for (let attempt = 0; ;) {
        const result = await withDeadline(inner.send(batch, sendOptions));
        if (result?.kind !== 'retry') return result; // delivery checks the rest

        const giveUp: TransportResult = { kind: 'failed', code: 'retries_exhausted',
          reason: `${result.reason} (gave up after ${++attempt} attempt(s))` };
        if (attempt > limit || signal?.aborted || stop?.aborted) return giveUp;

        const delay = result.retryAfterMs !== undefined
          ? Math.min(result.retryAfterMs, MAX_RETRY_AFTER_MS)
          : backoffDelay(attempt - 1, options.clock.random, options.baseDelayMs,
            options.maxDelayMs);
        options.onRetry?.(attempt, delay, result.reason);
        await sleep(options.clock, delay, stop);
        if (stop?.aborted) return giveUp;
      }
    },
  };
}
