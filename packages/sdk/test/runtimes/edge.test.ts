import { AsyncLocalStorage } from 'node:async_hooks';
import { EdgeRuntime } from 'edge-runtime';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSink } from '../helpers.js';
import { bundleFixture } from './bundle.js';

let sink: Awaited<ReturnType<typeof startSink>>;
let code: string;

beforeAll(async () => {
  code = await bundleFixture('edge.mjs', 'edge-light', 'iife');
});
beforeEach(async () => {
  sink = await startSink();
});
afterEach(() => sink.close());

/** An edge runtime; `withStorage` adds the global AsyncLocalStorage Vercel has. */
function start(withStorage = false) {
  return new EdgeRuntime({
    initialCode: code,
    extend: (context) =>
      Object.assign(context, { SINK_URL: sink.url },
        withStorage ? { AsyncLocalStorage } : {}),
  });
}

/** Dispatches a request, reads the body, and waits as the platform would. */
async function request(runtime: EdgeRuntime, path: string) {
  const response = await runtime.dispatchFetch(`http://edge${path}`);
  const text = await response.text();
  await response.waitUntil();
  return text;
}

describe('the edge-light entry', () => {
  it('hands delivery to the request context waitUntil, with no flush', async () => {
    const runtime = start();
    expect(await request(runtime, '/model?context=vercel')).toBe('ok');
    expect(sink.events).toHaveLength(1);
    expect(sink.events[0]).toMatchObject({ name: 'answer', model: 'm' });
    expect(sink.received[0]!.batch.sdk.runtime).toBe('edge-light');
  });

  it('uses the waitUntil option when there is no request context', async () => {
    const runtime = start();
    expect(await request(runtime, '/model?context=option')).toBe('ok');
    expect(sink.events.map((e) => e.name)).toEqual(['answer']);
  });

  it('delivers a span that ends while the body streams after the handler returned',
    async () => {
      const runtime = start();
      expect(await request(runtime, '/stream?context=vercel')).toBe('abc');
      expect(sink.events).toHaveLength(1);
      expect(sink.events[0]).toMatchObject({ name: 'streamed', output: 'abc' });
      expect(sink.events[0]!.latencyMs).toBeGreaterThanOrEqual(90);
    });

  it('nests across awaits with the global AsyncLocalStorage', async () => {
    const runtime = start(true);
    expect(await request(runtime, '/nested?context=vercel')).toBe('nested');
    const agent = sink.events.find((e) => e.type === 'agent');
    const model = sink.events.find((e) => e.name === 'after-await');
    expect(model?.parentSpanId).toBe(agent?.spanId);
  });

  it('nests synchronously only without it: work after an await is a root', async () => {
    const runtime = start(false);
    await request(runtime, '/nested?context=vercel');
    expect(sink.events.find((e) => e.name === 'after-await')?.parentSpanId).toBeNull();
  });
});
