/**
 * One trace across three runtimes: the page (the SDK's browser build,
 * bundled as an app would) calls a Vercel Edge function (the edge-light
 * build in edge-runtime), which calls a Node model service; each continues
 * the trace from the `traceparent` header. The collector holds one tree.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { build } from 'esbuild';
import { EdgeRuntime } from 'edge-runtime';
import { startCollector, type RunningCollector } from '@robotforge/collector';
import {
  TelemetryClient,
  extractTraceContext,
  injectTraceContext,
} from '../../src/runtimes/node.js';
import { createOtlpTransport } from '../../src/transports/otlp.js';
import { bundleFixture } from '../runtimes/bundle.js';

type Handler = (req: IncomingMessage) => Promise<{ type: string; body: string }>;

const servers: Server[] = [];
let collector: RunningCollector;

async function listen(routes: Record<string, Handler>): Promise<string> {
  const server = createServer((req, res) => {
    const route = routes[(req.url ?? '/').split('?')[0]!];
    if (!route) return void res.writeHead(404).end();
    void route(req).then(
      ({ type, body }) => res.writeHead(200, { 'content-type': type }).end(body),
      () => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function pageBundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('fixtures/trace-page.mjs', import.meta.url))],
    bundle: true, write: false, format: 'esm', platform: 'browser',
    conditions: ['browser'], target: 'es2022', logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

test.beforeAll(async () => {
  collector = await startCollector({ port: 0, db: ':memory:' });
});

test.afterAll(async () => {
  for (const server of servers) server.close();
  await collector.close();
});

test('browser, edge function and Node service spans form one trace', async ({ page }) => {
  const options = { flushInterval: 60_000, batchSize: 100 };
  const service = new TelemetryClient({ ...options,
    transport: createOtlpTransport({ endpoint: collector.url, serviceName: 'models' }) });

  const serviceUrl = await listen({
    '/complete': async (req) => ({ type: 'text/plain', body: await service.traceModelCall(
      { name: 'complete', model: 'm', parent: extractTraceContext(req.headers) },
      async () => 'forty-two') }),
  });
  const script = await pageBundle();
  const edge = new EdgeRuntime({
    initialCode: await bundleFixture('edge-trace-hop.mjs', 'edge-light', 'iife'),
    extend: (context) =>
      Object.assign(context, { COLLECTOR_URL: collector.url, SERVICE_URL: serviceUrl }),
  });
  const appUrl = await listen({
    '/': async () => ({ type: 'text/html',
      body: '<!doctype html><script type="module" src="/page.js"></script>' }),
    '/page.js': async () => ({ type: 'text/javascript', body: script }),
    '/api/ask': async (req) => {
      // The edge function runs in edge-runtime, as on Vercel.
      const response = await edge.dispatchFetch('http://edge/api/ask', {
        headers: { traceparent: String(req.headers.traceparent ?? '') },
      });
      const body = await response.text();
      await response.waitUntil();
      return { type: 'text/plain', body };
    },
  });

  await page.goto(appUrl);
  await page.waitForFunction(() => 'runTrace' in globalThis);
  const run = await page.evaluate((url) => (globalThis as any).runTrace(url), collector.url);
  await service.flush();

  expect(run.text).toBe('forty-two');
  expect(run.flushed).toEqual({ sent: 1, failed: 0, dropped: 0 });
  const answer = await fetch(`${collector.url}/v1/traces/${run.traceId}`);
  const { spans } = (await answer.json()) as { spans: Record<string, any>[] };
  const byName = Object.fromEntries(spans.map((s) => [s.name, s]));
  expect(Object.keys(byName).sort()).toEqual(['complete', 'edge-handler', 'page']);
  expect(byName.page!.parentSpanId).toBeNull();
  expect(byName['edge-handler']!.parentSpanId).toBe(byName.page!.spanId);
  expect(byName['edge-handler']!.applicationId).toBe('edge');
  expect(byName.complete!.parentSpanId).toBe(byName['edge-handler']!.spanId);
  expect(byName.complete!.applicationId).toBe('models');
  await service.close();
});
