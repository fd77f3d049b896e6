/**
 * Case F3 in Chromium: a page queues 30 model calls (about 100 KB of JSON,
 * over the 64 KiB that beacons and keep-alive requests may carry) and is
 * navigated away or closed. Beacons carry what fits, the rest is kept in
 * localStorage, and the next page load of the origin sends it: every event
 * arrives, and no beacon body is over the cap.
 */
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { BEACON_MAX_BODY_BYTES } from '../../src/transports/beacon.js';
import { startPageServer } from '../runtimes/page-server.js';

const EVENTS = 30;
const INPUT_CHARS = 3_000;
const NAMES = Array.from({ length: EVENTS }, (_, i) => `call-${i}`);
const PAGE = '<!doctype html><meta charset="utf-8"><script src="/app.js"></script>';

let server: Awaited<ReturnType<typeof startPageServer>>;

test.beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('fixtures/beacon-page.mjs', import.meta.url))],
    bundle: true, write: false, format: 'iife', platform: 'browser',
    conditions: ['browser'], target: 'es2022', logLevel: 'error',
  });
  server = await startPageServer();
  server.serve('/app.js', 'text/javascript', bundle.outputFiles[0]!.text);
  server.serve('/one.html', 'text/html', PAGE);
  server.serve('/two.html', 'text/html', PAGE);
});

test.afterAll(() => server.close());

test.beforeEach(() => {
  server.posts.length = 0;
});

const names = () => new Set(server.events.map((event) => event.name));

async function queueCalls(page: Page) {
  await page.goto(`${server.url}/one.html`);
  const queued = await page.evaluate(
    ({ count, chars }) => window.app.traceCalls(count, chars),
    { count: EVENTS, chars: INPUT_CHARS });
  expect(queued).toBe(EVENTS);
  expect(server.posts).toHaveLength(0);
}

function expectWireRules() {
  for (const post of server.posts) {
    expect(post.url).toBe('/v1/events');
    if (post.contentType.startsWith('text/plain')) {
      expect(post.bytes).toBeLessThanOrEqual(BEACON_MAX_BODY_BYTES);
      expect(post.batch.apiKey).toBe('rf_pk_e2e');
      expect(post.authorization).toBeUndefined();
    } else {
      expect(post.authorization).toBe('Bearer rf_pk_e2e');
      expect(post.batch.apiKey).toBeUndefined();
    }
  }
}

test('every event of a page navigated away with 100 KB pending arrives',
  async ({ page }) => {
    await queueCalls(page);
    await page.goto(`${server.url}/two.html`);

    await expect.poll(() => names().size, { timeout: 15_000 }).toBe(EVENTS);
    expect(names()).toEqual(new Set(NAMES));
    expect(server.posts.some((p) => p.contentType.startsWith('text/plain'))).toBe(true);
    expectWireRules();
    await expect.poll(() => page.evaluate(() => Object.keys(localStorage).length)).toBe(0);
  });

test('every event of a closed tab arrives, the rest on the next visit',
  async ({ context }) => {
    const first = await context.newPage();
    await queueCalls(first);
    await first.close({ runBeforeUnload: true });

    // Beacons leave from the closing tab; what did not fit waits in storage.
    await expect.poll(() => names().size, { timeout: 15_000 }).toBeGreaterThan(0);
    const next = await context.newPage();
    await next.goto(`${server.url}/two.html`);

    await expect.poll(() => names().size, { timeout: 15_000 }).toBe(EVENTS);
    expect(names()).toEqual(new Set(NAMES));
    expectWireRules();
  });

declare global {
  interface Window {
    app: { traceCalls(count: number, chars: number): number; stats(): unknown };
  }
}
