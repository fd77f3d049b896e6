/**
 * The default transport rebuilt on the platform's own `fetch`, with no
 * dependency. It sends the same request and reads the answer the same way
 * as {@link createFetchTransport}; the browser entry uses it because every
 * kilobyte of a page's bundle counts and ofetch adds several.
 */
import type { FetchTransportOptions } from './fetch.js';
import { eventsUrl, postBatch } from './response.js';
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
    send: (batch, sendOptions) =>
      postBatch(url, { body: JSON.stringify(batch), headers }, options, sendOptions),
  };
}
