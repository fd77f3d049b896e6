/**
 * The default transport: one JSON POST per batch through ofetch, to
 * `{endpoint}/v1/events`. Answers are mapped to tagged results; nothing
 * is thrown and ofetch's own retries are off (the retry layer owns them).
 */
import { createFetch } from 'ofetch';
import { validateResponse } from './response.js';
import type { SendOptions, Transport, TransportResult } from './types.js';
import type { WireBatch } from '../core/schema.js';

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface FetchTransportOptions {
  /** Base URL; the batch goes to `{endpoint}/v1/events`. */
  endpoint: string;
  apiKey?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Replaces the global `fetch` (tests, custom agents). */
  fetch?: typeof globalThis.fetch;
}

/** Creates the ofetch-based transport. */
export function createFetchTransport(options: FetchTransportOptions): Transport {
  const $fetch = createFetch(options.fetch ? { fetch: options.fetch } : {});
  const url = `${options.endpoint.replace(/\/+$/, '')}/v1/events`;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...options.headers,
  };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  return {
    async send(batch: WireBatch, sendOptions?: SendOptions): Promise<TransportResult> {
      try {
        const response = await $fetch.raw(url, {
          method: 'POST',
          body: JSON.stringify(batch),
          headers,
          retry: false,
          ignoreResponseError: true,
          timeout: options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
          signal: sendOptions?.signal,
          keepalive: sendOptions?.unloading === true,
          responseType: 'text',
        });
        return classifyResponse(response.status, response.headers, response._data);
      } catch (error) {
        return { kind: 'retry', reason: `network error: ${messageOf(error)}` };
      }
    },
  };
}

/**
 * Maps an HTTP answer to a transport result. Exported for the other
 * HTTP-based transports (keepalive fetch, OTLP).
 */
export function classifyResponse(
  status: number,
  headers: Headers,
  body: unknown,
  now: () => number = Date.now,
): TransportResult {
  if (status >= 200 && status < 300) {
    const response = validateResponse(body);
    return response ? { kind: 'sent', response } : { kind: 'sent' };
  }
  if (status === 413) return { kind: 'too-large', reason: 'HTTP 413' };
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), now);
    return retryAfterMs === undefined
      ? { kind: 'retry', reason: `HTTP ${status}`, status }
      : { kind: 'retry', reason: `HTTP ${status}`, status, retryAfterMs };
  }
  const hint = status === 401 ? ' (check the API key)' : '';
  return { kind: 'failed', reason: `HTTP ${status}${hint}`, status, code: `http_${status}` };
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(
  value: string | null,
  now: () => number = Date.now,
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now());
}

function messageOf(error: unknown): string {
  try {
    const cause = (error as { cause?: { code?: string } })?.cause?.code;
    const message = (error as Error)?.message ?? String(error);
    return cause ? `${cause}` : message.split('\n')[0]!.slice(0, 200);
  } catch {
    return 'unknown';
  }
}
