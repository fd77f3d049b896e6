/**
 * `@robotforge/collector`: a local ingest server, SQLite store and trace
 * viewer for RobotForge telemetry.
 *
 * @example
 * ```ts
 * import { startCollector } from '@robotforge/collector';
 * const collector = await startCollector({ port: 0 });
 * // Point the SDK at collector.url, then open it in a browser.
 * await collector.close();
 * ```
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KeyRing } from './auth.js';
import { CorsPolicy } from './cors.js';
import { HostPolicy } from './hosts.js';
import { createLogger } from './logger.js';
import { type CollectorOptions, resolveOptions } from './options.js';
import { RateLimiter } from './rate-limit.js';
import { createRequestListener } from './server.js';
import { EventStore } from './store.js';

export {
  DEFAULT_HOST,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_EVENTS_PER_BATCH,
  DEFAULT_PORT,
  DEFAULT_RATE_LIMIT_BURST,
  DEFAULT_RATE_LIMIT_PER_SECOND,
} from './options.js';
export type { CollectorOptions } from './options.js';
export type { RateLimitOptions } from './rate-limit.js';
export type { LogSink } from './logger.js';
export { EventStore } from './store.js';
export type { StoredEvent } from './rows.js';
export type { TraceFilter, TraceSummary } from './query.js';
export type { ModelStats, Stats } from './stats.js';

/** A collector that is listening. */
export interface RunningCollector {
  /** Base URL, such as `http://127.0.0.1:4319`; the viewer is at this URL. */
  url: string;
  /** The port actually bound (useful after asking for port 0). */
  port: number;
  /** The SQLite store, for tests and tools that inspect what arrived. */
  store: EventStore;
  /** Stops listening, ends open connections and closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the store and starts the HTTP server.
 * @throws TypeError for a malformed option, or the listen error (such as
 * EADDRINUSE) when the port cannot be bound.
 */
export async function startCollector(
  options: CollectorOptions = {},
): Promise<RunningCollector> {
  const resolved = resolveOptions(options);
  const log = createLogger(resolved.log, resolved.verbose);
  const store = new EventStore(resolved.db);
  const limiter = resolved.rateLimit
    ? new RateLimiter(resolved.rateLimit, resolved.now)
    : undefined;
  const listener = createRequestListener({
    ctx: {
      store,
      keys: new KeyRing(resolved.apiKeys),
      log,
      maxBodyBytes: resolved.maxBodyBytes,
      maxEventsPerBatch: resolved.maxEventsPerBatch,
    },
    cors: new CorsPolicy(resolved.corsOrigins),
    hosts: new HostPolicy(resolved.host, resolved.allowedHosts),
    limiter,
  });
  const server = createServer(listener);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(resolved.port, resolved.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    store.close();
    throw error;
  }

  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => {
        store.close();
        resolve();
      });
      // Keep-alive connections would otherwise hold close() open.
      server.closeAllConnections();
    }));

  return { url: `http://${host}:${port}`, port, store, close };
}
