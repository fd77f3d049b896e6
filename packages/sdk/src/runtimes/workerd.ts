/**
 * The Cloudflare Workers entry. {@link withRobotForge} wraps a Worker's
 * handlers in one line: each invocation gets a client of its own, passed to
 * the handler as a fourth argument, and that client's delivery is handed to
 * `ctx.waitUntil`, so events leave without a manual flush, including those
 * of spans that end after the handler returned while a streamed body is
 * still being read. Nothing is shared between invocations, neither timer,
 * queue nor request, because Workers forbid I/O objects crossing requests.
 *
 * Nesting across awaits uses `AsyncLocalStorage` when the Worker enables
 * `nodejs_compat` (compatibility date 2024-09-23 or later). It is found
 * through `process.getBuiltinModule` rather than imported, because a static
 * `node:async_hooks` import fails to load without the flag. With only
 * `nodejs_als`, pass the class to {@link useAsyncLocalStorage}. Otherwise
 * nesting is synchronous, as in browsers (pass `parent` across awaits).
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
import { watchBody } from './watch-body.js';

/** A class shaped like Node's `AsyncLocalStorage`. */
export type AsyncLocalStorageClass = new () => AsyncLocalStorageLike<Span>;

/** The part of a Worker's `ExecutionContext` the SDK uses. */
export interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** Options, or a function of the Worker's `env` bindings that returns them. */
export type WorkerOptions<Env> = TelemetryOptions | ((env: Env) => TelemetryOptions);

/** A handler as {@link withRobotForge} calls it: its usual arguments, then a client. */
export type TracedHandler<Env, Event = any, Result = unknown> =
  (event: Event, env: Env, ctx: WorkerContext, telemetry: TelemetryClient) => Result;

/** The handlers of a Worker's default export, each given a client. */
export interface WorkerHandlers<Env> {
  fetch?: TracedHandler<Env, Request, Response | Promise<Response>>;
  scheduled?: TracedHandler<Env, any, void | Promise<void>>;
  queue?: TracedHandler<Env, any, void | Promise<void>>;
  [name: string]: unknown;
}

/** What {@link withRobotForge} returns: the same handlers, minus the fourth argument. */
export type WrappedHandlers<H> = {
  [K in keyof H]: H[K] extends
    (event: infer E, env: infer Env, ctx: infer C, ...rest: any[]) => infer R
    ? (event: E, env: Env, ctx: C) => Promise<Awaited<R>>
    : H[K];
};

let chosenStorage: AsyncLocalStorageClass | undefined;

/**
 * Gives the SDK `AsyncLocalStorage` where it cannot find it alone: in a
 * Worker with `nodejs_als` but not `nodejs_compat`. Clients created later
 * nest spans across awaits.
 *
 * @example
 * ```ts
 * import { AsyncLocalStorage } from 'node:async_hooks';
 * useAsyncLocalStorage(AsyncLocalStorage);
 * ```
 */
export function useAsyncLocalStorage(Storage: AsyncLocalStorageClass): void {
  chosenStorage = Storage;
}

function findStorage(): AsyncLocalStorageClass | undefined {
  if (chosenStorage) return chosenStorage;
  try {
    type Process = { getBuiltinModule?(id: string): { AsyncLocalStorage?: unknown } };
    const proc = (globalThis as { process?: Process }).process;
    const Storage = proc?.getBuiltinModule?.('node:async_hooks')?.AsyncLocalStorage;
    return typeof Storage === 'function' ? Storage as AsyncLocalStorageClass : undefined;
  } catch {
    return undefined;
  }
}

function workerContext(): ContextManager {
  const Storage = findStorage();
  return Storage ? asyncContext(Storage)() : syncContext();
}

/**
 * Timers whose cancel never throws: Workers refuse to clear a timeout made
 * during another request, which a client shared across requests would do.
 */
function workerClock(): Clock {
  const clock = systemClock(() => undefined);
  return {
    ...clock,
    setTimer(fn, ms) {
      let live = true;
      const handle = setTimeout(() => live && fn(), ms);
      return () => {
        live = false;
        try {
          clearTimeout(handle);
        } catch {
          // Made during another request; the flag above disarms it.
        }
      };
    },
  };
}

function workerPlatform(bindings: object | undefined): Platform {
  const fromProcess = processEnvReader();
  return {
    runtime: 'workerd',
    readEnv(name) {
      const value = (bindings as Record<string, unknown> | undefined)?.[name];
      return typeof value === 'string' ? value : fromProcess(name);
    },
    context: workerContext,
    createTransport: ({ endpoint, apiKey }) => createFetchTransport({ endpoint, apiKey }),
  };
}

/**
 * {@inheritDoc CoreClient}
 *
 * In a Worker, prefer {@link withRobotForge}. A client made by hand, in a
 * handler or at module scope (construction makes no random values and no
 * I/O objects), is flushed with `ctx.waitUntil(client.flush())`.
 */
export class TelemetryClient extends CoreClient {
  /**
   * @param bindings the Worker's `env`, read for `ROBOTFORGE_*` variables
   *   (`ROBOTFORGE_API_KEY` as a secret, for instance).
   */
  constructor(options?: TelemetryOptions, bindings?: object) {
    try {
      super(options, workerPlatform(bindings), workerClock());
    } catch (error) {
      if (!/global scope/i.test(String(error))) throw error;
      // Construction makes no random values and no I/O objects; should a
      // future option need one, say plainly where to create the client.
      throw new Error('A TelemetryClient cannot be created at module scope in a ' +
        'Worker: create it inside a handler (withRobotForge does).',
        { cause: error });
    }
  }
}

/**
 * Wraps a Worker's handlers (`fetch`, `scheduled`, `queue`, …). Each call
 * gets its own {@link TelemetryClient} as a fourth argument; its events are
 * delivered through `ctx.waitUntil`, after the response body has been
 * read to its end when the handler returns a streamed `Response`.
 *
 * @example
 * ```ts
 * export default withRobotForge((env) => ({ projectId: 'chat' }), {
 *   async fetch(request, env, ctx, telemetry) {
 *     return telemetry.traceModelCall({ model: 'gpt-4o-mini' }, () => answer(request));
 *   },
 * });
 * ```
 */
export function withRobotForge<Env, H extends WorkerHandlers<Env>>(
  options: WorkerOptions<Env>,
  handlers: H,
): WrappedHandlers<H> {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(handlers)) {
    if (typeof method !== 'function') {
      wrapped[name] = method;
      continue;
    }
    const traced = method as TracedHandler<Env>;
    wrapped[name] = (event: unknown, env: Env, ctx: WorkerContext) =>
      invoke(name, traced, handlers, options, [event, env, ctx]);
  }
  return wrapped as WrappedHandlers<H>;
}

async function invoke<Env>(
  name: string,
  method: TracedHandler<Env>,
  self: unknown,
  options: WorkerOptions<Env>,
  [event, env, ctx]: [unknown, Env, WorkerContext],
): Promise<unknown> {
  const given = typeof options === 'function' ? options(env) : options;
  // Handlers without an ExecutionContext (none today) still get a client.
  const hold = typeof ctx?.waitUntil === 'function'
    ? (promise: Promise<unknown>) => ctx.waitUntil(promise)
    : () => undefined;
  // Delivery absorbs (and logs) what `hold` throws; here a throw or a
  // rejection must not replace the handler's own result or error.
  const waitUntil = (promise: Promise<unknown>) => {
    try {
      absorbRejection(hold(promise));
    } catch {
      // Only the keep-alive is lost: the events leave if the isolate lives on.
    }
  };
  const client = new TelemetryClient({ ...given, waitUntil: hold },
    env as object | undefined);

  let result: unknown;
  try {
    result = await method.call(self, event, env, ctx, client);
  } catch (error) {
    waitUntil(client.close());
    throw error;
  }
  if (name === 'fetch' && result instanceof Response) {
    const { response, done } = watchBody(result);
    waitUntil(done.then(() => client.close()));
    return response;
  }
  waitUntil(client.close());
  return result;
}

export * from '../index.js';
