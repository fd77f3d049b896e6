/**
 * The default transport rebuilt on the platform's own `fetch`, with no
 * dependency. It sends the same request and reads the answer the same way
 * as {@link createFetchTransport}; the browser entry uses it because every
 * kilobyte of a page's bundle counts and ofetch adds several.
 */
import type { FetchTransportOptions } from './fetch.js';
import {
  classifyResponse,
  DEFAULT_REQUEST_TIMEOUT_MS,
  eventsUrl,
  networkError,
} from './response.js';
import type { Transport } from './types.js';

/** Creates a fetch transport that needs nothing but a global `fetch`. */
export function createWebFetchTransport(options: FetchTransportOptions): Transport {
  const url = eventsUrl(options.endpoint);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...options.headers,
  };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  return {
    async send(batch, sendOptions) {
      const controller = new AbortController();
      const abort = () => controller.abort();
      const signal = sendOptions?.signal;
      if (signal?.aborted) abort();
      signal?.addEventListener('abort', abort, { once: true });
      const timer = setTimeout(abort, options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);

      try {
        const response = await (options.fetch ?? fetch)(url, {
          method: 'POST',
          body: JSON.stringify(batch),
          headers,
          signal: controller.signal,
          keepalive: sendOptions?.unloading === true,
        });
        const body = await response.text();
        return classifyResponse(response.status, response.headers, body);
      } catch (error) {
        return { kind: 'retry', reason: `network error: ${networkError(error)}` };
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
      }
    },
  };
}
