import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TelemetryClient } from '../src/runtimes/node.js';
import { startSink } from './helpers.js';

let sink: Awaited<ReturnType<typeof startSink>>;
beforeEach(async () => {
  sink = await startSink();
});
afterEach(() => sink.close());

describe('captured values that JSON mishandles', () => {
  it('sends cycles as a marker and shared references whole (F4)', async () => {
    const client = new TelemetryClient({ endpoint: sink.url });
    const app: Record<string, unknown> = { name: 'app' };
    const env = { name: 'prod', app };
    app.envs = [env];
    const shared = { id: 7 };
    client.traceToolExecution({ toolName: 'orm' }, (span) =>
      span.setOutput(app).setInput({ a: shared, b: shared }));
    await client.flush();
    const [event] = sink.events;
    expect(JSON.parse(event!.output!)).toEqual({
      name: 'app', envs: [{ name: 'prod', app: '[Circular]' }],
    });
    expect(JSON.parse(event!.input!)).toEqual({ a: { id: 7 }, b: { id: 7 } });
  });

  it('keeps every field readable: BigInt, Error, Date, Set, Map, Symbol... (F5)', async () => {
    const client = new TelemetryClient({ endpoint: sink.url });
    client.traceModelCall({}, (span) => span.setMetadata({
      big: 12345678901234567890n,
      error: new Error('kaput'),
      date: new Date('2026-01-02T03:04:05.006Z'),
      set: new Set([1, 2]),
      map: new Map([['k', 'v']]),
      symbol: Symbol('s'),
      fn: function named() {},
      missing: undefined,
      fine: 'ok',
    }));
    await client.flush();
    const metadata = sink.events[0]!.metadata as Record<string, unknown>;
    expect(metadata.big).toBe('12345678901234567890');
    expect(metadata.error).toMatchObject({ name: 'Error', message: 'kaput' });
    expect(metadata.date).toBe('2026-01-02T03:04:05.006Z');
    expect(metadata.set).toEqual([1, 2]);
    expect(metadata.map).toEqual({ k: 'v' });
    expect(typeof metadata.symbol).toBe('string');
    expect(typeof metadata.fn).toBe('string');
    expect('missing' in metadata).toBe(false);
    expect(metadata.fine).toBe('ok');
  });
});

describe('secrets (F11)', () => {
  it('hides the API key from console.log, JSON.stringify and inspect', () => {
    const client = new TelemetryClient({ endpoint: sink.url, apiKey: 'rf_sk_topsecret' });
    const span = client.startModelCall({ model: 'm' });
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    console.log(span, client);
    const printed = log.mock.calls.map((c) => c.map((x) => inspect(x, { depth: 10 })).join(' '));
    log.mockRestore();
    for (const text of [...printed, JSON.stringify(span), inspect(client, { depth: 10,
      showHidden: true }), inspect(span, { depth: 10, showHidden: true })]) {
      expect(text).not.toContain('rf_sk_topsecret');
    }
    span.end();
  });

  it('never prints the key or captured content in debug logs', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'debug').mockImplementation((...a) => {
      lines.push(a.join(' '));
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation((...a) => {
      lines.push(a.join(' '));
    });
    const client = new TelemetryClient({ endpoint: 'http://127.0.0.1:9', debug: true,
      apiKey: 'rf_sk_loggedkey', maxRetries: 0 });
    client.traceModelCall({ input: 'private prompt text' }, (s) => s.setOutput('private answer'));
    await client.flush();
    spy.mockRestore();
    warn.mockRestore();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.startsWith('[robotforge:'))).toBe(true);
    const all = lines.join('\n');
    expect(all).not.toContain('rf_sk_loggedkey');
    expect(all).not.toContain('private prompt text');
    expect(all).not.toContain('private answer');
  });

  it('redacts key-like query parameters and auth headers in tool calls', async () => {
    const client = new TelemetryClient({ endpoint: sink.url });
    client.traceToolExecution(
      { toolName: 'http', endpoint: 'https://maps.test/geo?key=AIzaSyA1234567890abcdefghijklmnopqrstuv&q=x' },
      (span) => span.setRequestPayload({
        headers: { Authorization: 'Bearer abc.def.ghi', 'x-request-id': '42' },
        body: 'use sk-proj-abcdefghijklmnopqrstuvwxyz123456',
      }),
    );
    await client.flush();
    const [event] = sink.events;
    expect(event!.endpoint).toBe('https://maps.test/geo?key=[REDACTED]&q=x');
    const payload = JSON.parse(event!.requestPayload!);
    expect(payload.headers).toEqual({ Authorization: '[REDACTED]', 'x-request-id': '42' });
    expect(payload.body).not.toContain('abcdefghijklmnopqrstuvwxyz123456');
  });

  it('can turn redaction off', async () => {
    const client = new TelemetryClient({ endpoint: sink.url, redact: false });
    client.traceToolExecution({ toolName: 'h', endpoint: 'https://a.test/?token=abc' }, () => 1);
    await client.flush();
    expect(sink.events[0]!.endpoint).toBe('https://a.test/?token=abc');
  });

  it('omits inputs, outputs and payloads when captureContent is false', async () => {
    const client = new TelemetryClient({ endpoint: sink.url, captureContent: false });
    client.traceToolExecution({ toolName: 't', input: 'in' }, (s) =>
      s.setOutput('out').setRequestPayload('req').setResponsePayload('res'));
    const traced = client.traceModelCallDecorator()((x: string) => `${x}!`);
    traced('arg');
    await client.flush();
    for (const event of sink.events) {
      expect([event.input, event.output, event.requestPayload ?? null,
        event.responsePayload ?? null]).toEqual([null, null, null, null]);
    }
  });
});
