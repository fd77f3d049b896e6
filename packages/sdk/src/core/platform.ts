/**
 * What a runtime entry gives the core: its name, how to read the
 * environment, its trace context, its default transport and its
 * lifecycle hooks. The core itself touches no runtime global.
 */
import type { TimerUnref } from './clock.js';
import type { EnvReader, ResolvedOptions } from './config.js';
import type { ContextFactory } from './context.js';
import type { Logger } from './logger.js';
import type { Transport } from '../transports/types.js';

export interface Platform {
  /** `node`, `browser`, `workerd`, `edge-light`, `deno`, `bun` or `default`. */
  runtime: string;
  readEnv: EnvReader;
  context: ContextFactory;
  unrefTimer?: TimerUnref;
  /** The transport used when the options name none. */
  createTransport(options: ResolvedOptions): Transport;
  /**
   * Registers a last-chance hook (process exit, page hide). The hook sends
   * what is pending with one attempt. Returns a function that unregisters.
   */
  onShutdown?(hook: () => Promise<unknown>): () => void;
  /** Checks options the runtime cares about; may disable the client. */
  vet?(options: ResolvedOptions, logger: Logger): { disabled?: string } | void;
}

/** Reads `process.env` where it exists, and never throws. */
export function processEnvReader(): EnvReader {
  return (name) => {
    try {
      const env = (globalThis as { process?: { env?: Record<string, string> } }).process?.env;
      return env?.[name];
    } catch {
      return undefined;
    }
  };
}
