/**
 * The Bun entry: `AsyncLocalStorage` from Bun's Node compatibility and
 * Bun's own environment.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TelemetryOptions } from '../core/config.js';
import { asyncContext } from '../core/context.js';
import { processEnvReader, type Platform } from '../core/platform.js';
import { TelemetryClient as CoreClient } from '../core/telemetry.js';
import { createFetchTransport } from '../transports/fetch.js';

const bunPlatform: Platform = {
  runtime: 'bun',
  readEnv: processEnvReader(),
  context: asyncContext(AsyncLocalStorage),
  createTransport: (o) => createFetchTransport({ endpoint: o.endpoint, apiKey: o.apiKey }),
};

/** {@inheritDoc CoreClient} */
export class TelemetryClient extends CoreClient {
  constructor(options?: TelemetryOptions) {
    super(options, bunPlatform);
  }
}

export * from '../index.js';
