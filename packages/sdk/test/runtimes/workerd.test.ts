import { Miniflare } from 'miniflare';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSink } from '../helpers.js';
import { bundleFixture } from './bundle.js';

const COMPATIBILITY_DATE = '2024-09-23';

let sink: Awaited<ReturnType<typeof startSink>>;
let worker: string;
let alsWorker: string;
const running: Miniflare[] = [];

beforeAll(async () => {
  worker = await bundleFixture('worker.mjs', 'workerd');
  alsWorker = await bundleFixture('worker-als.mjs', 'workerd');
});
beforeEach(async () => {
  sink = await startSink();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((mf) => mf.dispose()));
  await sink.close();
});

function start(script: string, compatibilityFlags: string[] = [],
  bindings: Record<string, string> = {}) {
  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags,
    bindings: { SINK_URL: sink.url, ...bindings },
  });
  running.push(mf);
  return mf;
}

const waitFor = async (check: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('withRobotForge on workerd', () => {
  it('delivers a span through ctx.waitUntil with no flush and no flag', async () => {
    const mf = start(worker);
    const response = await mf.dispatchFetch('http://worker/model');
    expect(await response.text()).toBe('ok');

    await waitFor(() => sink.events.length === 1);
    expect(sink.events[0]).toMatchObject({ name: 'answer', model: 'm', status: 'success' });
    expect(sink.received[0]!.batch.sdk.runtime).toBe('workerd');
  });

  it('delivers a span that ends after the handler returned, while the body streams',
    async () => {
      const mf = start(worker);
      const response = await mf.dispatchFetch('http://worker/stream');
      expect(sink.events).toHaveLength(0);
      expect(await response.text()).toBe('abc');

      await waitFor(() => sink.events.length === 1);
      const [event] = sink.events;
      expect(event).toMatchObject({ name: 'streamed', output: 'abc',
        metadata: { chunks: 3 } });
      expect(event!.latencyMs).toBeGreaterThanOrEqual(90);
      expect(response.headers.get('content-type')).toBe('text/plain');
    });

  it('gives each request its own client and batch', async () => {
    const mf = start(worker);
    await Promise.all([mf.dispatchFetch('http://worker/model'),
      mf.dispatchFetch('http://worker/model')].map(async (r) => (await r).text()));

    await waitFor(() => sink.events.length === 2);
    expect(sink.requests).toBe(2);
    const sessions = new Set(sink.events.map((e) => e.sessionId));
    expect(sessions.size).toBe(2);
  });

  it('reads ROBOTFORGE_ variables from the env bindings', async () => {
    const mf = start(worker, [], { ROBOTFORGE_PROJECT_ID: 'from-binding' });
    await (await mf.dispatchFetch('http://worker/env')).text();
    await waitFor(() => sink.events.length === 1);
    expect(sink.events[0]).toMatchObject({ toolName: 'env', projectId: 'from-binding' });
  });

  it('nests across awaits with AsyncLocalStorage under nodejs_compat', async () => {
    const mf = start(worker, ['nodejs_compat']);
    expect(await (await mf.dispatchFetch('http://worker/nested')).text()).toBe('nested');
    await waitFor(() => sink.events.length === 2);
    const agent = sink.events.find((e) => e.type === 'agent');
    const model = sink.events.find((e) => e.name === 'after-await');
    expect(model?.parentSpanId).toBe(agent?.spanId);
  });

  it('nests across awaits under nodejs_als once given AsyncLocalStorage', async () => {
    const mf = start(alsWorker, ['nodejs_als']);
    await (await mf.dispatchFetch('http://worker/nested')).text();
    await waitFor(() => sink.events.length === 2);
    const agent = sink.events.find((e) => e.type === 'agent');
    const model = sink.events.find((e) => e.name === 'after-await');
    expect(model?.parentSpanId).toBe(agent?.spanId);
  });

  it('without a flag, nests only synchronously: work after an await is a root',
    async () => {
      const mf = start(worker);
      await (await mf.dispatchFetch('http://worker/nested')).text();
      await waitFor(() => sink.events.length === 2);
      const model = sink.events.find((e) => e.name === 'after-await');
      expect(model?.parentSpanId).toBeNull();
    });
});

describe('a TelemetryClient shared across Worker requests', () => {
  it('clears a timer armed by an earlier request without throwing', async () => {
    const mf = start(worker);
    expect(await (await mf.dispatchFetch('http://worker/shared?spans=1')).text()).toBe('1');
    expect(await (await mf.dispatchFetch('http://worker/shared?spans=2')).text()).toBe('3');

    await waitFor(() => sink.events.length === 3);
    expect(sink.events.map((e) => e.name).sort())
      .toEqual(['shared-0', 'shared-0', 'shared-1']);
    expect(sink.events.every((e) => e.sessionId === 'isolate')).toBe(true);
  });

  it('can be created at module scope and used in handlers', async () => {
    const mf = start(await bundleFixture('worker-global.mjs', 'workerd'));
    expect(await (await mf.dispatchFetch('http://worker/')).text())
      .toBe('made at module scope');
    await waitFor(() => sink.events.length === 1);
    expect(sink.events[0]).toMatchObject({ name: 'module-scope', sessionId: 'isolate' });
  });
});
