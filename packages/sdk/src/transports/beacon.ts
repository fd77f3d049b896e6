/**
 * The transport of a page that is going away (hidden, closed, navigated).
 * Browsers cap the bodies of beacons and keep-alive requests in flight at
 * 64 KiB, and `sendBeacon` answers `false` past it. So: a batch over the
 * cap is answered `too-large` and split by the delivery layer; a body the
 * beacon refuses is kept for the next page load and tried once more as a
 * keep-alive `fetch` within its own budget (given up, and its budget freed,
 * at the usual request deadline); and a body that nothing takes is reported
 * as failed, so that it is counted.
 *
 * Bodies are `text/plain` JSON (a beacon cannot send other types without
 * a CORS preflight, and cannot set headers), with the API key in the
 * body's `apiKey` field, never in the URL.
 */
import { eventsUrl, postBatch } from './response.js';
import type { Transport, TransportResult } from './types.js';
import type { UnsentStore } from './unsent.js';
import type { WireBatch } from '../core/schema.js';
import { describe } from '../core/serialize-text.js';

/** Largest beacon body sent, a margin under the browsers' 65,536 bytes. */
export const BEACON_MAX_BODY_BYTES = 64_000;

/** Bytes of keep-alive bodies this transport has in flight at most. */
export const KEEPALIVE_BUDGET_BYTES = 64_000;

/** What a beacon body's `content-type` is (the only one a beacon can send). */
export const BEACON_CONTENT_TYPE = 'text/plain;charset=UTF-8';

export interface BeaconTransportOptions {
  /** Base URL; bodies go to `{endpoint}/v1/events`. */
  endpoint: string;
  /** Put in each body's `apiKey` field. */
  apiKey?: string;
  /** Replaces `navigator.sendBeacon` (tests). */
  sendBeacon?: (url: string, body: string) => boolean;
  /** Replaces the global `fetch` for keep-alive requests (tests). */
  fetch?: typeof globalThis.fetch;
  /** Where refused events wait for the next page load; none keeps nothing. */
  unsent?: UnsentStore;
}

/** Creates the page-unload transport. It never throws or rejects. */
export function createBeaconTransport(options: BeaconTransportOptions): Transport {
  const url = eventsUrl(options.endpoint);
  const { unsent } = options;
  let keepaliveBytes = 0;

  const beacon = (body: string): boolean => {
    try {
      // No `sendBeacon` (or no navigator) throws here, and counts as refused.
      const send = options.sendBeacon;
      const sent = send ? send(url, body) : globalThis.navigator.sendBeacon(url, body);
      return sent === true;
    } catch {
      return false;
    }
  };

  // A keep-alive request counts against the budget until it answers.
  const keepalive = async (body: string, bytes: number): Promise<TransportResult> => {
    keepaliveBytes += bytes;
    const headers = { 'content-type': BEACON_CONTENT_TYPE };
    const result = await postBatch(url, { body, headers }, options, { unloading: true });
    keepaliveBytes -= bytes;
    return result;
  };

  return {
    async send(batch: WireBatch): Promise<TransportResult> {
      let body: string;
      try {
        const { apiKey } = options;
        body = JSON.stringify(apiKey ? { ...batch, apiKey } : batch);
      } catch (error) {
        return { kind: 'failed', reason: `not serializable: ${describe(error)}` };
      }

      const bytes = new TextEncoder().encode(body).length;
      const over = bytes > BEACON_MAX_BODY_BYTES;
      let why = over ? 'over the beacon cap' : 'beacon refused';
      if (over && batch.events.length > 1) {
        return { kind: 'too-large', reason: `${bytes}-byte body, ${why}` };
      }
      if (!over && beacon(body)) return { kind: 'sent' };

      // What the beacon did not take is kept before anything asynchronous:
      // the page may be gone before a keep-alive request answers, and then
      // the next load sends it. Then one keep-alive try, within its budget.
      const kept = unsent?.keep(batch.events) === true;
      if (keepaliveBytes + bytes > KEEPALIVE_BUDGET_BYTES) {
        why += ', keep-alive budget spent';
      } else {
        const result = await keepalive(body, bytes);
        if (result.kind === 'sent') {
          if (kept) unsent?.forget(batch.events.map((event) => event.eventId));
          return result;
        }
        why += `, keep-alive: ${result.reason}`;
      }
      if (kept) {
        return { kind: 'failed', code: 'kept_for_next_page',
          reason: `${why}; kept for the next page` };
      }
      return { kind: 'failed', code: 'unload_send_failed',
        reason: `${bytes}-byte body: ${why}; no storage to keep it` };
    },
  };
}
