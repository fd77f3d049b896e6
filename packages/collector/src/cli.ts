#!/usr/bin/env node
/**
 * `robotforge-collector`: starts a collector from the command line and
 * stops it cleanly on Ctrl-C or SIGTERM.
 */
import { resolve } from 'node:path';
import { parseCliArgs, USAGE } from './args.js';
import { startCollector } from './index.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

async function main(): Promise<void> {
  let args;
  try {
    args = parseCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }

  const collector = await startCollector({
    port: args.port,
    host: args.host,
    db: args.db,
    apiKeys: args.apiKeys,
    corsOrigins: args.corsOrigins,
    allowedHosts: args.allowedHosts,
    verbose: args.verbose,
    log: (line) => process.stderr.write(`${line}\n`),
  });

  const where = args.db === ':memory:' ? 'memory only (lost on exit)' : resolve(args.db);
  const lines = [
    `RobotForge collector listening on ${collector.url}`,
    `  viewer:  ${collector.url}/`,
    `  ingest:  POST ${collector.url}/v1/events`,
    `  data:    ${where}`,
    args.apiKeys.length
      ? `  keys:    ${args.apiKeys.length} API key(s) required for ingest and queries`
      : '',
  ];
  process.stdout.write(`${lines.filter(Boolean).join('\n')}\n`);
  if (!args.apiKeys.length) warnOpen(args.host);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal} received; closing the collector\n`);
    collector.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function warnOpen(host: string): void {
  const exposed = !LOOPBACK_HOSTS.has(host);
  const lines = [
    '',
    '  !!! NO API KEYS SET: this collector is OPEN. !!!',
    exposed
      ? `  Anyone who can reach ${host} can send telemetry and read every prompt.`
      : '  Any program on this machine can send telemetry and read it back.',
    `  Set keys with --api-key <key> or ROBOTFORGE_COLLECTOR_KEYS=key1,key2.`,
    '',
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`robotforge-collector: ${(error as Error)?.message ?? error}\n`);
  process.exitCode = 1;
});
