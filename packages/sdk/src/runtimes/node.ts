/**
 * The Node.js entry: nesting across awaits with `AsyncLocalStorage`,
 * timers that never keep the process alive, and one delivery attempt for
 * pending events when the process is about to exit on its own.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TelemetryOptions } from '../core/config.js';
import { asyncContext } from '../core/context.js';
import { processEnvReader, type Platform } from '../core/platform.js';
import { fastPaths } from '../core/serialize.js';
import { NODE_FAST_PATHS } from '../core/serialize-fast.js';
import { TelemetryClient as CoreClient } from '../core/telemetry.js';
import { createFetchTransport } from '../transports/fetch.js';

// Node builds events by the hundred thousand: worth the extra bytes.
Object.assign(fastPaths, NODE_FAST_PATHS);

const hooks = new Set<() => Promise<unknown>>();
let listening = false;

function onBeforeExit(): void {
  // Each hook sends only what is pending; with nothing pending it starts no
  // I/O, so the process can exit after the next `beforeExit`.
  for (const hook of hooks) void hook().catch(() => undefined);
}

const nodePlatform: Platform = {
  runtime: 'node',
  readEnv: processEnvReader(),
  context: asyncContext(AsyncLocalStorage),
  createTransport: (o) => createFetchTransport({ endpoint: o.endpoint, apiKey: o.apiKey }),
  onShutdown(hook) {
    hooks.add(hook);
    if (!listening) {
      listening = true;
      process.on('beforeExit', onBeforeExit);
    }
    return () => {
      hooks.delete(hook);
    };
  },
};

/** {@inheritDoc CoreClient} */
export class TelemetryClient extends CoreClient {
  constructor(options?: TelemetryOptions) {
    super(options, nodePlatform);
  }
}

export * from '../index.js';
