/**
 * One trace across three processes' worth of clients: a browser-like
 * client (the default entry, no async context) calls a Node handler over
 * HTTP, which calls a second Node service; each side continues the trace
 * with `extractTraceContext`. The collector holds one tree.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCollector, type RunningCollector } from '@robotforge/collector';
import { afterEach, describe, expect, it } from 'vitest';
import { extractTraceContext, injectTraceContext } from '../../src/core/trace-context.js';
import { TelemetryClient as DefaultClient } from '../../src/runtimes/default.js';
import { TelemetryClient as NodeClient } from '../../src/runtimes/node.js';
import { createOtlpTransport } from '../../src/transports/otlp.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function listen(handler: (req: IncomingMessage) => Promise<string>): Promise<string> {
  const server: Server = createServer((req, res) => {
    void handler(req).then((body) => res.end(body), () => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('a trace carried by traceparent', () => {
  it('joins browser, handler and service spans into one tree in the collector', async () => {
    const collector: RunningCollector = await startCollector({ port: 0, db: ':memory:' });
    closers.push(() => collector.close());
    const options = { flushInterval: 60_000, batchSize: 100 };
    // The service exports OTLP, the others native batches: both paths meet.
    const service = new NodeClient({ ...options,
      transport: createOtlpTransport({ endpoint: collector.url, serviceName: 'models' }) });
    const handler = new NodeClient({ ...options, endpoint: collector.url });
    const browser = new DefaultClient({ ...options, endpoint: collector.url });

    const serviceUrl = await listen((req) => service.traceModelCall(
      { name: 'm', model: 'm', parent: extractTraceContext(req.headers) },
      async () => 'answer'));
    const handlerUrl = await listen((req) => handler.traceAgent(
      { agentName: 'worker', parent: extractTraceContext(req.headers) }, async () => {
        const active = handler.getActiveSpan()!;
        const answer = await fetch(serviceUrl, { headers: injectTraceContext(active, {}) });
        return handler.traceToolExecution({ toolName: 'format' }, () => answer.text());
      }));

    const page = browser.startAgent({ agentName: 'page' });
    const reply = await fetch(handlerUrl, { headers: injectTraceContext(page, {}) });
    expect(await reply.text()).toBe('answer');
    page.end();
    await Promise.all([service.flush(), handler.flush(), browser.flush()]);

    const answer = await fetch(`${collector.url}/v1/traces/${page.traceId}`);
    const { spans } = (await answer.json()) as { spans: Record<string, any>[] };
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual(['format', 'm', 'page', 'worker']);
    expect(byName.page!.parentSpanId).toBeNull();
    expect(byName.worker!.parentSpanId).toBe(byName.page!.spanId);
    expect(byName.m!.parentSpanId).toBe(byName.worker!.spanId);
    expect(byName.format!.parentSpanId).toBe(byName.worker!.spanId);
    expect(byName.m!.applicationId).toBe('models');
    for (const client of [service, handler, browser]) closers.push(() => client.close());
  });
});
