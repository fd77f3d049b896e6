/**
 * The Vercel Edge (`edge-light`) entry. A function is frozen once its
 * response is done, so background work is handed to the platform: to the
 * request context's `waitUntil` when Vercel provides one (the same one
 * `@vercel/functions` uses), else to the `waitUntil` option. Besides each
 * batch sent in the background, every timer the client arms (the flush
 * interval, a retry's backoff) is handed over while it runs, so an event
 * queued while a response is still streaming is sent before the freeze.
 *
 * Nesting across awaits uses the global `AsyncLocalStorage` that Vercel's
 * and Next.js's edge runtimes provide, and is synchronous where there is
 * none (pass `parent` across awaits).
 */
import { systemClock, type Clock } from '../core/clock.js';
import type { TelemetryOptions } from '../core/config.js';
import {
  asyncContext,
  syncContext,
  type AsyncLocalStorageLike,
  type ContextManager,
} from '../core/context.js';
import { absorbRejection } from '../core/hooks.js';
import { processEnvReader, type Platform } from '../core/platform.js';
import type { Span } from '../core/span.js';
import { TelemetryClient as CoreClient } from '../core/telemetry.js';
import { createFetchTransport } from '../transports/fetch.js';

/** Where Vercel keeps the current request's context, `{ get(): { waitUntil } }`. */
const VERCEL_REQUEST_CONTEXT = Symbol.for('@vercel/request-context');

type WaitUntil = (promise: Promise<unknown>) => unknown;

/** The current request's `waitUntil` on Vercel, if there is one. */
function requestWaitUntil(): WaitUntil | undefined {
  try {
    type Holder = { get?(): { waitUntil?: WaitUntil } | undefined };
    const global = globalThis as { [key: symbol]: Holder | undefined };
    const holder = global[VERCEL_REQUEST_CONTEXT];
    const context = holder?.get?.();
    const waitUntil = context?.waitUntil;
    if (typeof waitUntil !== 'function') return undefined;
    return (promise) => waitUntil.call(context, promise);
  } catch {
    return undefined;
  }
}

function edgeContext(): ContextManager {
  type Storage = new () => AsyncLocalStorageLike<Span>;
  const Storage = (globalThis as { AsyncLocalStorage?: Storage }).AsyncLocalStorage;
  return typeof Storage === 'function' ? asyncContext(Storage)() : syncContext();
}

/**
 * A clock whose every pending timer keeps the function alive, and the
 * `waitUntil` to give delivery. Batches that a timer starts are handed
 * over as part of that timer, before it releases the function: a platform
 * may stop accepting new promises once those it holds have settled.
 */
function edgeClock(hold: WaitUntil): Clock & { handOver: WaitUntil } {
  const clock = systemClock();
  let started: Promise<unknown>[] | undefined;
  return {
    ...clock,
    handOver(promise) {
      if (started) started.push(promise);
      else absorbRejection(hold(promise));
    },
    setTimer(fn, ms) {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const cancel = clock.setTimer(() => {
        const work: Promise<unknown>[] = (started = []);
        try {
          fn();
        } finally {
          started = undefined;
          void Promise.allSettled(work).then(release);
        }
      }, ms);
      // Armed first: a `waitUntil` that throws (a FetchEvent that is over
      // throws InvalidStateError) only loses the keep-alive, not the timer.
      try {
        absorbRejection(hold(held));
      } catch {
        // The timer still runs while the runtime lives.
      }
      return () => {
        cancel();
        release();
      };
    },
  };
}

const edgePlatform: Platform = {
  runtime: 'edge-light',
  readEnv: processEnvReader(),
  context: edgeContext,
  createTransport: (o) => createFetchTransport({ endpoint: o.endpoint, apiKey: o.apiKey }),
};

/**
 * {@inheritDoc CoreClient}
 *
 * On Vercel, nothing more is needed. Elsewhere, pass the platform's
 * `waitUntil` (for instance `after` or `event.waitUntil`) as the option.
 */
export class TelemetryClient extends CoreClient {
  constructor(options?: TelemetryOptions) {
    const given = options?.waitUntil;
    const clock = edgeClock((promise) => {
      const platform = requestWaitUntil();
      if (platform) return platform(promise);
      if (typeof given === 'function') return given(promise);
    });
    // A malformed options value or `waitUntil` reaches validation unchanged.
    const usable = options === undefined ||
      (typeof options === 'object' && options !== null && !Array.isArray(options) &&
        (given === undefined || typeof given === 'function'));
    const withWaitUntil = usable ? { ...options, waitUntil: clock.handOver } : options;
    super(withWaitUntil, edgePlatform, clock);
  }
}

export * from '../index.js';
