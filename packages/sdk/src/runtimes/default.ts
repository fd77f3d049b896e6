/**
 * The fallback entry for runtimes without a dedicated one: fetch delivery
 * and synchronous nesting only (pass `parent` across awaits).
 */
import type { TelemetryOptions } from '../core/config.js';
import { syncContext } from '../core/context.js';
import { processEnvReader, type Platform } from '../core/platform.js';
import { TelemetryClient as CoreClient } from '../core/telemetry.js';
import { createFetchTransport } from '../transports/fetch.js';

const defaultPlatform: Platform = {
  runtime: 'default',
  readEnv: processEnvReader(),
  context: syncContext,
  createTransport: (o) => createFetchTransport({ endpoint: o.endpoint, apiKey: o.apiKey }),
};

/** {@inheritDoc CoreClient} */
export class TelemetryClient extends CoreClient {
  constructor(options?: TelemetryOptions) {
    super(options, defaultPlatform);
  }
}

export * from '../index.js';
