/**
 * The Deno entry: `AsyncLocalStorage` from Deno's Node compatibility, and
 * an environment read that never fails for lack of `--allow-env`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TelemetryOptions } from '../core/config.js';
import { asyncContext } from '../core/context.js';
import type { Platform } from '../core/platform.js';
import { TelemetryClient as CoreClient } from '../core/telemetry.js';
import { createFetchTransport } from '../transports/fetch.js';

interface DenoGlobal {
  env: { get(name: string): string | undefined };
  unrefTimer?(id: number): void;
}

const deno = () => (globalThis as unknown as { Deno?: DenoGlobal }).Deno;

const denoPlatform: Platform = {
  runtime: 'deno',
  readEnv(name) {
    try {
      return deno()?.env.get(name);
    } catch {
      // No --allow-env: behave as if the variable were unset.
      return undefined;
    }
  },
  unrefTimer: (handle) => {
    if (typeof handle === 'number') deno()?.unrefTimer?.(handle);
  },
  context: asyncContext(AsyncLocalStorage),
  createTransport: (o) => createFetchTransport({ endpoint: o.endpoint, apiKey: o.apiKey }),
};

/** {@inheritDoc CoreClient} */
export class TelemetryClient extends CoreClient {
  constructor(options?: TelemetryOptions) {
    super(options, denoPlatform);
  }
}

export * from '../index.js';
