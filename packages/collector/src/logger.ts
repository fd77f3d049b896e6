/**
 * The collector's one logger. Lines carry a fixed prefix and a subsystem tag
 * so that they can be told apart from the host application's output.
 */

/** Where log lines go; `startCollector` is silent unless one is given. */
export type LogSink = (line: string) => void;

/** Writes tagged lines; `debug` lines only appear when verbose is on. */
export interface Logger {
  info(tag: string, message: string): void;
  debug(tag: string, message: string): void;
}

/**
 * Creates a logger that writes `[robotforge:<tag>] message` lines to `sink`.
 * Callers pass messages that never hold an API key or captured content.
 */
export function createLogger(sink: LogSink | undefined, verbose = false): Logger {
  const write = (tag: string, message: string) => {
    sink?.(`[robotforge:${tag}] ${message}`);
  };
  return {
    info: write,
    debug: (tag, message) => {
      if (verbose) write(tag, message);
    },
  };
}
