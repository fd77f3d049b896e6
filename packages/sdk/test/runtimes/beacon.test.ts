import { describe, expect, it, vi } from 'vitest';
import type { WireBatch, WireEvent } from '../../src/core/schema.js';
import {
  BEACON_MAX_BODY_BYTES,
  createBeaconTransport,
  KEEPALIVE_BUDGET_BYTES,
} from '../../src/transports/beacon.js';
import {
  createUnsentStore,
  MAX_KEPT_CHARS,
  type StorageLike,
} from '../../src/transports/unsent.js';

const ENDPOINT = 'https://collector.example';

const event = (id: string, inputChars = 10) =>
  ({ eventId: id, name: id, input: 'x'.repeat(inputChars) }) as unknown as WireEvent;
const batchOf = (...events: WireEvent[]): WireBatch => ({
  sentAt: '2026-01-01T00:00:00.000Z',
  sdk: { name: '@robotforge/sdk', version: '0', runtime: 'browser' },
  events,
});

function memoryStorage(): StorageLike & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe('the beacon transport', () => {
  it('beacons the body to /v1/events with the key inside, never in the URL', async () => {
    const sendBeacon = vi.fn(() => true);
    const transport = createBeaconTransport({ endpoint: ENDPOINT, apiKey: 'rf_pk_1',
      sendBeacon });
    expect(await transport.send(batchOf(event('a')))).toEqual({ kind: 'sent' });

    const [url, body] = sendBeacon.mock.calls[0] as unknown as [string, string];
    expect(url).toBe(`${ENDPOINT}/v1/events`);
    expect(JSON.parse(body)).toMatchObject({ apiKey: 'rf_pk_1',
      events: [{ eventId: 'a' }] });
  });

  it('answers too-large for several events over the cap, so they are split', async () => {
    const sendBeacon = vi.fn(() => true);
    const transport = createBeaconTransport({ endpoint: ENDPOINT, sendBeacon });
    const big = batchOf(event('a', 40_000), event('b', 40_000));
    expect(await transport.send(big)).toMatchObject({ kind: 'too-large' });
    expect(sendBeacon).not.toHaveBeenCalled();
  });

  it('keeps a single event over the cap for the next page load', async () => {
    const storage = memoryStorage();
    const unsent = createUnsentStore(ENDPOINT, storage);
    const fetch = vi.fn();
    const transport = createBeaconTransport({ endpoint: ENDPOINT, sendBeacon: () => true,
      fetch, unsent });
    const result = await transport.send(batchOf(event('huge', BEACON_MAX_BODY_BYTES)));

    expect(result).toMatchObject({ kind: 'failed', code: 'kept_for_next_page' });
    expect(fetch).not.toHaveBeenCalled();
    expect(unsent.all().map((e) => e.eventId)).toEqual(['huge']);
  });

  it('tries a keep-alive fetch when the beacon is refused, and forgets what it sent',
    async () => {
      const unsent = createUnsentStore(ENDPOINT, memoryStorage());
      const fetch = vi.fn(async () => new Response('', { status: 200 }));
      const transport = createBeaconTransport({ endpoint: ENDPOINT, sendBeacon: () => false,
        fetch, unsent });
      expect(await transport.send(batchOf(event('a')))).toEqual({ kind: 'sent' });

      const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
      expect(init).toMatchObject({ keepalive: true, method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8' } });
      expect(unsent.all()).toEqual([]);
    });

  it('keeps within its own keep-alive budget of bytes in flight', async () => {
    let answer!: (response: Response) => void;
    const fetch = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
    const unsent = createUnsentStore(ENDPOINT, memoryStorage());
    const transport = createBeaconTransport({ endpoint: ENDPOINT, sendBeacon: () => false,
      fetch, unsent });
    const half = Math.floor(KEEPALIVE_BUDGET_BYTES * 0.6);
    const first = transport.send(batchOf(event('a', half)));
    const second = await transport.send(batchOf(event('b', half)));

    expect(second).toMatchObject({ kind: 'failed', code: 'kept_for_next_page' });
    expect(second).toMatchObject({ reason: expect.stringMatching(/budget spent/) });
    expect(fetch).toHaveBeenCalledTimes(1);
    answer(new Response('', { status: 200 }));
    expect(await first).toEqual({ kind: 'sent' });
    expect(unsent.all().map((e) => e.eventId)).toEqual(['b']);
  });

  it('gives up a keep-alive fetch at the request deadline and frees its budget',
    async () => {
      vi.useFakeTimers();
      try {
        const fetch = vi.fn((_url: string, init?: RequestInit) =>
          new Promise<Response>((_resolve, reject) => {
            init?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
          }));
        const unsent = createUnsentStore(ENDPOINT, memoryStorage());
        const transport = createBeaconTransport({ endpoint: ENDPOINT,
          sendBeacon: () => false, fetch, unsent });
        const big = Math.floor(KEEPALIVE_BUDGET_BYTES * 0.6);
        const first = transport.send(batchOf(event('a', big)));
        await vi.advanceTimersByTimeAsync(10_000);

        expect(await first).toMatchObject({ kind: 'failed', code: 'kept_for_next_page',
          reason: expect.stringMatching(/keep-alive: network error: aborted/) });
        void transport.send(batchOf(event('b', big)));
        await vi.advanceTimersByTimeAsync(0);
        expect(fetch).toHaveBeenCalledTimes(2);
        expect(unsent.all().map((e) => e.eventId)).toEqual(['a', 'b']);
      } finally {
        vi.useRealTimers();
      }
    });

  it('reports a loss it cannot avoid, and never throws', async () => {
    const transport = createBeaconTransport({ endpoint: ENDPOINT,
      sendBeacon: () => { throw new TypeError('blocked'); },
      fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    expect(await transport.send(batchOf(event('a')))).toMatchObject({
      kind: 'failed', code: 'unload_send_failed' });
  });
});

describe('the unsent store', () => {
  it('keeps events per endpoint until they are forgotten', () => {
    const storage = memoryStorage();
    const store = createUnsentStore(ENDPOINT, storage);
    expect(store.keep([event('a'), event('b')])).toBe(true);
    expect(createUnsentStore('https://other.example', storage).all()).toEqual([]);

    store.forget(['a']);
    expect(store.all().map((e) => e.eventId)).toEqual(['b']);
    store.forget(['b']);
    expect(storage.items.size).toBe(0);
  });

  it('refuses to grow past its cap, and survives storage that throws', () => {
    const store = createUnsentStore(ENDPOINT, memoryStorage());
    expect(store.keep([event('big', MAX_KEPT_CHARS)])).toBe(false);
    const broken = createUnsentStore(ENDPOINT, {
      getItem: () => { throw new Error('denied'); },
      setItem: () => { throw new Error('denied'); },
      removeItem: () => { throw new Error('denied'); },
    });
    expect(broken.keep([event('a')])).toBe(false);
    expect(broken.all()).toEqual([]);
    expect(() => broken.forget(['a'])).not.toThrow();
  });
});
