/** The sweep environment for the SDK sources. */
import { TelemetryConfigError } from '../../src/core/config.js';
import { validateEvent } from '../../src/core/schema.js';
import { TelemetryClient } from '../../src/runtimes/node.js';
import type { SweepEnv } from './sweep.js';

export const sourceEnv: SweepEnv = {
  makeClient: (options) => new TelemetryClient(options),
  validate: validateEvent,
  isConfigError: (error) => error instanceof TelemetryConfigError,
};
