/**
 * The SDK's one logger: a fixed `[robotforge:<subsystem>]` prefix, silent
 * unless `debug` is on, and never handed an API key or captured content.
 */
export type Subsystem = 'client' | 'span' | 'queue' | 'transport' | 'config' | 'runtime';

export interface Logger {
  debug(subsystem: Subsystem, message: string): void;
  warn(subsystem: Subsystem, message: string): void;
}

const prefix = (subsystem: Subsystem) => `[robotforge:${subsystem}]`;

/**
 * Creates a logger. Warnings always print (they mean lost data or a
 * misconfiguration); debug lines only when `debug` is true.
 */
export function createLogger(debug: boolean): Logger {
  return {
    debug(subsystem, message) {
      if (debug) console.debug(prefix(subsystem), message);
    },
    warn(subsystem, message) {
      console.warn(prefix(subsystem), message);
    },
  };
}
