/**
 * A transport sends one batch and says what happened, as a tagged result.
 * It never throws and never retries; retrying is a separate layer
 * ({@link createRetryingTransport}) wrapped around any transport.
 */
import type { BatchResponse, WireBatch } from '../core/schema.js';

export type TransportResult =
  /** The endpoint answered 2xx; `response` is its body when it had one. */
  | { kind: 'sent'; response?: BatchResponse }
  /** Worth another try: network error, 408, 429, 5xx. */
  | { kind: 'retry'; reason: string; retryAfterMs?: number; status?: number }
  /** The batch is too large for the endpoint (413): split it and resend. */
  | { kind: 'too-large'; reason: string }
  /** Final: the batch will never be accepted (401, other 4xx). */
  | { kind: 'failed'; reason: string; status?: number; code?: string };

export interface SendOptions {
  /** Aborts the request; a transport answers `retry` when aborted. */
  signal?: AbortSignal;
  /** The body must survive page unload (keepalive / beacon). */
  unloading?: boolean;
}

/** Sends one batch. Implementations must never throw or reject. */
export interface Transport {
  send(batch: WireBatch, options?: SendOptions): Promise<TransportResult>;
}
