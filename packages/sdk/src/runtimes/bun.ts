/**
 * The Bun entry: nesting across awaits with `AsyncLocalStorage` from Bun's
 * Node compatibility, the environment from `process.env` (which is
 * `Bun.env`), timers that never keep the process alive, and one delivery
 * attempt for pending events when the process is about to exit on its own.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TelemetryOptions } from '../core/config.js';
import { asyncContext } from '../core/context.js';
import { processEnvReader, type Platform } from '../core/platform.js';
import { TelemetryClient as CoreClient } from '../core/telemetry.js';
import { createFetchTransport } from '../transports/fetch.js';
import { shutdownHooks } from './shutdown.js';

const bunPlatform: Platform = {
  runtime: 'bun',
  readEnv: processEnvReader(),
  context: asyncContext(AsyncLocalStorage),
  createTransport: (o) => createFetchTransport({ endpoint: o.endpoint, apiKey: o.apiKey }),
  onShutdown: shutdownHooks((run) => {
    process.on('beforeExit', run);
  }),
};

/** {@inheritDoc CoreClient} */
export class TelemetryClient extends CoreClient {
  constructor(options?: TelemetryOptions) {
    super(options, bunPlatform);
  }
}

export * from '../index.js';
