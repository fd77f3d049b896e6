/**
 * The Deno entry: nesting across awaits with `AsyncLocalStorage` from
 * Deno's Node compatibility; an environment read that neither fails nor
 * prompts without `--allow-env` (a variable Deno may not read is unset);
 * timers that never keep the program alive; and one delivery attempt for
 * pending events when the program is about to exit on its own.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TelemetryOptions } from '../core/config.js';
import { asyncContext } from '../core/context.js';
import type { Platform } from '../core/platform.js';
import { TelemetryClient as CoreClient } from '../core/telemetry.js';
import { createFetchTransport } from '../transports/fetch.js';
import { shutdownHooks } from './shutdown.js';

interface DenoGlobal {
  env: { get(name: string): string | undefined };
  permissions?: { querySync?(d: { name: 'env'; variable: string }): { state: string } };
  unrefTimer?(id: number): void;
}

const deno = () => (globalThis as unknown as { Deno?: DenoGlobal }).Deno;

const denoPlatform: Platform = {
  runtime: 'deno',
  readEnv(name) {
    try {
      const runtime = deno();
      // Asking first: reading without the permission prompts on a terminal.
      const query = runtime?.permissions?.querySync?.({ name: 'env', variable: name });
      if (query && query.state !== 'granted') return undefined;
      return runtime?.env.get(name);
    } catch {
      return undefined;
    }
  },
  // Deno's own timers are numbers; code Deno runs as an npm package gets
  // Node's timer objects, which unref themselves.
  unrefTimer: (handle) => {
    if (typeof handle === 'number') deno()?.unrefTimer?.(handle);
    else (handle as { unref?: () => void } | undefined)?.unref?.();
  },
  context: asyncContext(AsyncLocalStorage),
  createTransport: (o) => createFetchTransport({ endpoint: o.endpoint, apiKey: o.apiKey }),
  onShutdown: shutdownHooks((run) => {
    globalThis.addEventListener('beforeunload', run);
  }),
};

/** {@inheritDoc CoreClient} */
export class TelemetryClient extends CoreClient {
  constructor(options?: TelemetryOptions) {
    super(options, denoPlatform);
  }
}

export * from '../index.js';
