/**
 * The browser entry. Nesting is synchronous only: a span is the parent of
 * spans created while its callback runs, and work after an `await` names
 * its parent with the `parent` option. Batches go by `fetch` while the page
 * is visible and by beacon once it is hidden or closing; what a closing
 * page cannot send is kept in `localStorage` and sent on the next load.
 * A secret API key is refused: it would be readable by anyone.
 */
import type { ResolvedOptions, TelemetryOptions } from '../core/config.js';
import { syncContext } from '../core/context.js';
import { createLogger, type Logger } from '../core/logger.js';
import { processEnvReader, type Platform } from '../core/platform.js';
import { TelemetryClient as CoreClient } from '../core/telemetry.js';
import { SDK_NAME, SDK_VERSION } from '../core/version.js';
import { createBeaconTransport } from '../transports/beacon.js';
import type { Transport } from '../transports/types.js';
import { createUnsentStore, type UnsentStore } from '../transports/unsent.js';
import { createWebFetchTransport } from '../transports/web-fetch.js';

/** API keys that start with this are secret and never belong in a page. */
export const SECRET_KEY_PREFIX = 'rf_sk_';

const hooks = new Set<() => Promise<unknown>>();
let listening = false;
let unloading = false;

/** Hidden or unloading: a request may not outlive the page unless a beacon. */
function pageLeaving(): boolean {
  return unloading || globalThis.document?.visibilityState === 'hidden';
}

function runHooks(): void {
  for (const hook of hooks) void hook().catch(() => undefined);
}

function listen(): void {
  const doc = globalThis.document;
  if (listening || !doc || typeof globalThis.addEventListener !== 'function') return;
  listening = true;
  // Hidden is the last moment that is certain on mobile, where a page in
  // the background may be discarded without `pagehide`.
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'hidden') runHooks();
  });
  globalThis.addEventListener('pagehide', () => {
    unloading = true;
    runHooks();
  });
  globalThis.addEventListener('pageshow', () => {
    unloading = false;
  });
}

function vetKey(options: ResolvedOptions, logger: Logger): { disabled?: string } | void {
  if (!options.apiKey?.startsWith(SECRET_KEY_PREFIX)) return;
  if (options.dangerouslyAllowSecretKeyInBrowser) return;
  const reason = `the API key is a secret key (${SECRET_KEY_PREFIX}…), readable by ` +
    'anyone in a page; use a publishable key, or set ' +
    'dangerouslyAllowSecretKeyInBrowser: true';
  logger.warn('config', `client disabled: ${reason}`);
  return { disabled: reason };
}

interface PageTransport extends Transport {
  /** Sends what earlier pages kept; one attempt, and kept again on failure. */
  sendKept(): Promise<void>;
}

function createPageTransport(o: ResolvedOptions): PageTransport {
  const unsent = createUnsentStore(o.endpoint);
  const { endpoint, apiKey } = o;
  const wire = createWebFetchTransport({ endpoint, apiKey });
  const beacon = createBeaconTransport({ endpoint, apiKey, unsent });
  const logger = createLogger(o.debug);
  return {
    send: (batch, options) =>
      (options?.unloading || pageLeaving() ? beacon : wire).send(batch, options),
    sendKept: () => sendKept(unsent, wire, o.batchSize, logger),
  };
}

async function sendKept(
  unsent: UnsentStore,
  wire: Transport,
  batchSize: number,
  logger: Logger,
): Promise<void> {
  const events = unsent.all();
  const sdk = { name: SDK_NAME, version: SDK_VERSION, runtime: 'browser' };
  for (let at = 0; at < events.length; at += batchSize) {
    const batch = events.slice(at, at + batchSize);
    const sentAt = new Date().toISOString();
    const result = await wire.send({ sentAt, sdk, events: batch });
    if (result.kind !== 'sent') {
      const left = events.length - at;
      return logger.debug('transport', `${left} kept event(s) left: ${result.reason}`);
    }
    unsent.forget(batch.map((event) => event.eventId));
  }
  if (events.length > 0) {
    logger.debug('transport', `${events.length} kept event(s) sent`);
  }
}

const browserPlatform: Platform = {
  runtime: 'browser',
  readEnv: processEnvReader(),
  context: syncContext,
  createTransport: createPageTransport,
  onShutdown(hook) {
    listen();
    hooks.add(hook);
    return () => {
      hooks.delete(hook);
    };
  },
  vet: vetKey,
};

/** {@inheritDoc CoreClient} */
export class TelemetryClient extends CoreClient {
  constructor(options?: TelemetryOptions) {
    let page: PageTransport | undefined;
    super(options, {
      ...browserPlatform,
      createTransport: (o) => (page = createPageTransport(o)),
    });
    if (this.recording) void page?.sendKept().catch(() => undefined);
  }
}

export * from '../index.js';
// The same transport as everywhere else, without ofetch (see web-fetch.ts).
export {
  createWebFetchTransport as createFetchTransport,
} from '../transports/web-fetch.js';
export { createBeaconTransport, BEACON_MAX_BODY_BYTES } from '../transports/beacon.js';
export type { BeaconTransportOptions } from '../transports/beacon.js';
