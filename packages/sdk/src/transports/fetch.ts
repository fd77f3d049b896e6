/**
 * The default transport: one JSON POST per batch through ofetch, to
 * `{endpoint}/v1/events`. Answers are mapped to tagged results; nothing
 * is thrown and ofetch's own retries are off (the retry layer owns them).
 */
import { createFetch } from 'ofetch';
import {
  classifyResponse,
  DEFAULT_REQUEST_TIMEOUT_MS,
  eventsUrl,
  networkError,
} from './response.js';
import type { SendOptions, Transport, TransportResult } from './types.js';
import type { WireBatch } from '../core/schema.js';

// Shared with the other HTTP transports; exported here too, as before.
export {
  classifyResponse,
  parseRetryAfter,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from './response.js';

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
  const url = eventsUrl(options.endpoint);
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
        return { kind: 'retry', reason: `network error: ${networkError(error)}` };
      }
    },
  };
}
