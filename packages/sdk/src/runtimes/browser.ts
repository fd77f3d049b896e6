/**
 * The browser entry: fetch delivery
 * and synchronous nesting only (pass `parent` across awaits).
 */
import type { TelemetryOptions } from '../core/config.js';
import { syncContext } from '../core/context.js';
import { processEnvReader, type Platform } from '../core/platform.js';
import { TelemetryClient as CoreClient } from '../core/telemetry.js';
import { createFetchTransport } from '../transports/fetch.js';

const platform: Platform = {
  runtime: 'browser',
  readEnv: processEnvReader(),
  context: syncContext,
  createTransport: (o) => createFetchTransport({ endpoint: o.endpoint, apiKey: o.apiKey }),
};

/** {@inheritDoc CoreClient} */
export class TelemetryClient extends CoreClient {
  constructor(options?: TelemetryOptions) {
    super(options, platform);
  }
}

export * from '../index.js';
