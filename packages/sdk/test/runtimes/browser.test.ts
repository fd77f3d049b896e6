// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TelemetryClient } from '../../src/runtimes/browser.js';
import { BEACON_MAX_BODY_BYTES } from '../../src/transports/beacon.js';
import { KEPT_KEY_PREFIX } from '../../src/transports/unsent.js';
import { startPageServer } from './page-server.js';

/** Chromium's rule: beacons and keep-alive fetches share 64 KiB in flight. */
const BROWSER_KEEPALIVE_QUOTA_BYTES = 65_536;
const EVENT_INPUT_CHARS = 3_000;

let server: Awaited<ReturnType<typeof startPageServer>>;
const clients: TelemetryClient[] = [];
const client = (options: ConstructorParameters<typeof TelemetryClient>[0] = {}) => {
  const made = new TelemetryClient({ endpoint: server.url, flushInterval: 60_000,
    ...options });
  clients.push(made);
  return made;
};

const bytesOf = (text: string) => new TextEncoder().encode(text).length;

/** Emulates the browser's quota; returns each beacon's size and answer. */
function emulateQuota(quotaBytes = BROWSER_KEEPALIVE_QUOTA_BYTES) {
  const pageFetch = globalThis.fetch;
  const beacons: { bytes: number; accepted: boolean }[] = [];
  let inFlight = 0;
  const carry = (bytes: number, request: Promise<unknown>) => {
    inFlight += bytes;
    return request.finally(() => (inFlight -= bytes));
  };
  const sendBeacon = (url: string, body: string) => {
    const bytes = bytesOf(body);
    const accepted = inFlight + bytes <= quotaBytes;
    beacons.push({ bytes, accepted });
    const headers = { 'content-type': 'text/plain;charset=UTF-8' };
    if (accepted) void carry(bytes, pageFetch(url, { method: 'POST', body, headers }));
    return accepted;
  };
  const fetchWithQuota = (url: string, init?: RequestInit) => {
    if (!init?.keepalive) return pageFetch(url, init);
    const bytes = bytesOf(String(init.body));
    if (inFlight + bytes > quotaBytes) {
      return Promise.reject(new TypeError('Failed to fetch'));
    }
    return carry(bytes, pageFetch(url, init));
  };
  Object.defineProperty(navigator, 'sendBeacon', { value: sendBeacon, configurable: true });
  vi.stubGlobal('fetch', fetchWithQuota);
  return { beacons };
}

function setVisibility(state: 'hidden' | 'visible') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

/** What a navigation or a closing tab does: hidden, then `pagehide`. */
function leavePage() {
  setVisibility('hidden');
  window.dispatchEvent(new Event('pagehide'));
}

const waitFor = async (check: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

beforeEach(async () => {
  server = await startPageServer();
  localStorage.clear();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  window.dispatchEvent(new Event('pageshow'));
  setVisibility('visible');
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  await server.close();
});

describe('the browser entry and secret keys', () => {
  it('refuses an rf_sk_ key: disabled, and the console says why without the key', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const refused = client({ apiKey: 'rf_sk_live_123456' });

    expect(refused.recording).toBe(false);
    expect(refused.traceModelCall({}, () => 42)).toBe(42);
    expect(warn).toHaveBeenCalledTimes(1);
    const printed = warn.mock.calls[0]!.join(' ');
    expect(printed).toMatch(/client disabled: the API key is a secret key \(rf_sk_…\)/);
    expect(printed).toMatch(/dangerouslyAllowSecretKeyInBrowser: true/);
    expect(printed).not.toContain('rf_sk_live_123456');
  });

  it('accepts a secret key with dangerouslyAllowSecretKeyInBrowser', () => {
    const allowed = client({ apiKey: 'rf_sk_x', dangerouslyAllowSecretKeyInBrowser: true });
    expect(allowed.recording).toBe(true);
  });

  it('accepts a publishable key', () => {
    expect(client({ apiKey: 'rf_pk_x' }).recording).toBe(true);
  });
});

describe('nesting in the browser', () => {
  it('nests synchronously, and after an await only through the parent option', async () => {
    const c = client({ batchSize: 4 });
    await c.traceAgent({ agentName: 'planner' }, async (agent) => {
      c.traceToolExecution({ toolName: 'sync-child' }, () => 1);
      await Promise.resolve();
      c.traceModelCall({ name: 'orphan' }, () => 2);
      c.traceModelCall({ name: 'adopted', parent: agent }, () => 3);
    });
    await c.flush();

    const byName = Object.fromEntries(server.events.map((e) => [e.name, e]));
    const agentId = byName.planner!.spanId;
    expect(byName['sync-child']!.parentSpanId).toBe(agentId);
    expect(byName.orphan!.parentSpanId).toBeNull();
    expect(byName.adopted!.parentSpanId).toBe(agentId);
  });
});

describe('delivery from a page', () => {
  it('sends JSON by fetch with the key in a header while the page is visible', async () => {
    const c = client({ apiKey: 'rf_pk_1' });
    c.traceModelCall({ name: 'visible' }, () => 1);
    await c.flush();

    expect(server.posts).toHaveLength(1);
    const [post] = server.posts;
    expect(post!.contentType).toBe('application/json');
    expect(post!.authorization).toBe('Bearer rf_pk_1');
    expect(post!.batch.apiKey).toBeUndefined();
    expect(post!.batch.sdk.runtime).toBe('browser');
  });

  it('sends by beacon when the page is hidden: text/plain, key in the body', async () => {
    const { beacons } = emulateQuota();
    const c = client({ apiKey: 'rf_pk_1' });
    c.traceModelCall({ name: 'pending' }, () => 1);
    setVisibility('hidden');

    await waitFor(() => server.events.length === 1);
    expect(beacons).toEqual([{ bytes: expect.any(Number), accepted: true }]);
    const [post] = server.posts;
    expect(post!.contentType).toBe('text/plain;charset=UTF-8');
    expect(post!.batch.apiKey).toBe('rf_pk_1');
    expect(post!.authorization).toBeUndefined();
    expect(post!.url).toBe('/v1/events');
    expect(c.stats).toMatchObject({ sent: 1, failed: 0, dropped: 0 });
  });

  it('loses no event of a 90 KB queue on page close: beacons, then the next load',
    async () => {
      const { beacons } = emulateQuota();
      const first = client({ batchSize: 100 });
      const names = Array.from({ length: 30 }, (_, i) => `call-${i}`);
      const input = 'x'.repeat(EVENT_INPUT_CHARS);
      for (const name of names) first.traceModelCall({ name, input }, () => 'ok');
      leavePage();

      await waitFor(() => first.stats.sent + first.stats.failed === 30);
      expect(beacons.every((b) => b.bytes <= BEACON_MAX_BODY_BYTES)).toBe(true);
      expect(beacons.some((b) => !b.accepted)).toBe(true);
      const kept = first.stats.reasons.kept_for_next_page ?? 0;
      expect(kept).toBeGreaterThan(0);
      expect(first.stats).toMatchObject({ sent: 30 - kept, failed: kept, dropped: 0 });
      const stored = JSON.parse(localStorage.getItem(KEPT_KEY_PREFIX + server.url) ?? '[]');
      expect(stored).toHaveLength(kept);

      // The next page load of the same origin.
      window.dispatchEvent(new Event('pageshow'));
      setVisibility('visible');
      client();
      await waitFor(() => new Set(server.events.map((e) => e.name)).size === 30);
      expect(new Set(server.events.map((e) => e.name))).toEqual(new Set(names));
      expect(new Set(server.events.map((e) => e.eventId)).size).toBe(30);
      await waitFor(() => localStorage.getItem(KEPT_KEY_PREFIX + server.url) === null);
    });

  it('falls back to a keep-alive fetch when the beacon is refused', async () => {
    Object.defineProperty(navigator, 'sendBeacon',
      { value: () => false, configurable: true });
    const c = client();
    c.traceModelCall({ name: 'refused-beacon' }, () => 1);
    leavePage();

    await waitFor(() => c.stats.sent === 1);
    expect(server.events.map((e) => e.name)).toEqual(['refused-beacon']);
    expect(server.posts[0]!.contentType).toBe('text/plain;charset=UTF-8');
    expect(localStorage.getItem(KEPT_KEY_PREFIX + server.url)).toBeNull();
  });

  it('counts the events that neither beacon, keep-alive nor storage can take', async () => {
    emulateQuota(0);
    vi.spyOn(localStorage, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    const c = client();
    c.traceModelCall({ name: 'lost' }, () => 1);
    leavePage();

    await waitFor(() => c.stats.failed === 1);
    expect(c.stats.reasons).toEqual({ unload_send_failed: 1 });
    expect(server.events).toHaveLength(0);
  });
});

describe('the built browser entry', () => {
  it('loads in a page and sends as the browser runtime', async () => {
    const entry = '../../dist/browser.js';
    const built = (await import(entry)) as typeof import('../../src/runtimes/browser.js');
    const c = new built.TelemetryClient({ endpoint: server.url });
    clients.push(c);
    c.traceModelCall({ name: 'from-dist' }, () => 1);
    await c.flush();
    expect(server.posts.map((p) => p.batch.sdk.runtime)).toEqual(['browser']);
    expect(server.events.map((e) => e.name)).toEqual(['from-dist']);
  });
});
