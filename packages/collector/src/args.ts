/**
 * Command line parsing for `robotforge-collector`, apart from cli.ts so
 * that it can be tested without starting anything.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_HOST, DEFAULT_PORT } from './options.js';

/** The CLI's default database file, relative to the working directory. */
export const DEFAULT_DB_PATH = './robotforge.db';
/** Environment variable holding API keys, comma separated. */
export const KEYS_ENV = 'ROBOTFORGE_COLLECTOR_KEYS';

/** The help text printed by `--help`. */
export const USAGE = `Usage: robotforge-collector [options]

Receives RobotForge telemetry, stores it in SQLite and serves a trace viewer.

Options:
  --port <n>           port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <address>     interface to bind (default ${DEFAULT_HOST})
  --db <path>          SQLite file (default ${DEFAULT_DB_PATH}; ':memory:' keeps nothing)
  --api-key <key>      accepted API key; repeat for several. Also read from
                       ${KEYS_ENV} (comma separated). None: open to anyone.
  --cors-origin <o>    browser origin allowed to call; repeat for several, '*' for any
                       (default: any http://localhost, 127.0.0.1 or [::1] port)
  --allowed-host <h>   name clients use to reach the collector, besides localhost
                       and IP addresses; repeat for several, '*' for any
  --verbose            log every request and every rejected event
  -h, --help           show this help
`;

/** What the command line asks for. */
export interface CliArgs {
  help: boolean;
  port: number;
  host: string;
  db: string;
  apiKeys: string[];
  corsOrigins: string[] | undefined;
  allowedHosts: string[] | undefined;
  verbose: boolean;
}

/**
 * Reads `argv` (without node and script) and the environment.
 * @throws Error with a message meant for the terminal when an argument is wrong.
 */
export function parseCliArgs(
  argv: string[],
  env: Record<string, string | undefined>,
): CliArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      'api-key': { type: 'string', multiple: true },
      'cors-origin': { type: 'string', multiple: true },
      'allowed-host': { type: 'string', multiple: true },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });

  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '0') || port > 65_535) {
    throw new Error(`--port must be a number from 0 to 65535, got ${values.port}`);
  }

  const envKeys = (env[KEYS_ENV] ?? '').split(',').map((key) => key.trim());
  const apiKeys = [...(values['api-key'] ?? []), ...envKeys].filter(Boolean);
  const corsOrigins = values['cors-origin'];
  const allowedHosts = values['allowed-host'];

  return {
    help: values.help ?? false,
    port,
    host: values.host ?? DEFAULT_HOST,
    db: values.db ?? DEFAULT_DB_PATH,
    apiKeys: [...new Set(apiKeys)],
    corsOrigins: corsOrigins?.length ? corsOrigins : undefined,
    allowedHosts: allowedHosts?.length ? allowedHosts : undefined,
    verbose: values.verbose ?? false,
  };
}
