/**
 * Breaker probes for F11: the API key, and credentials in the endpoint,
 * must not reach error messages, debug lines, onError payloads, stats or
 * inspection.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TelemetryClient, TelemetryConfigError } from '../../src/runtimes/node.js';
import { startSink } from '../helpers.js';

const KEY = 'rf_sk_live_0123456789abcdefSECRET';

afterEach(() => vi.restoreAllMocks());

function captureConsole() {
  const lines: string[] = [];
  for (const level of ['debug', 'log', 'info', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
    });
  }
  return lines;
}

describe('a TelemetryConfigError for a bad endpoint', () => {
  it('does not repeat a key held in the endpoint\'s query string', () => {
    let message = '';
    try {
      // A missing scheme: the endpoint is refused, but its text holds a key.
      new TelemetryClient({ endpoint: `127.0.0.1:4319/?key=${KEY}` });
    } catch (error) {
      expect(error).toBeInstanceOf(TelemetryConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain('endpoint');
    expect(message).not.toContain('rf_sk_live_0123');
  });

  it('does not repeat a password held in the endpoint\'s user info', () => {
    let message = '';
    try {
      new TelemetryClient({ endpoint: `ftp://user:${KEY}@127.0.0.1/` });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('endpoint');
    expect(message).not.toContain('rf_sk_live_0123');
  });
});

describe('credentials inside the endpoint URL', () => {
  it('are refused in the user info at construction, without repeating them', () => {
    // fetch refuses a URL with user info, so every batch would fail.
    const lines = captureConsole();
    let error: unknown;
    try {
      new TelemetryClient({ endpoint: `http://robot:${KEY}@127.0.0.1:9/`, debug: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TelemetryConfigError);
    expect((error as Error).message).toMatch(/endpoint.*without user info/);
    expect([(error as Error).message, ...lines].join('\n')).not.toContain('rf_sk_live_0123');
  });

  it('are refused in the endpoint query, without repeating them', () => {
    // A query would be cut off by the `/v1/events` path, so it is refused.
    let error: unknown;
    try {
      new TelemetryClient({ endpoint: `http://127.0.0.1:9/?api_key=${KEY}`, debug: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TelemetryConfigError);
    expect((error as Error).message).toMatch(/endpoint.*without user info, query/);
    expect((error as Error).message).not.toContain('rf_sk_live_0123');
  });
});

describe('a failed request', () => {
  it('puts no API key in onError, stats or debug lines (401 and refused)', async () => {
    const sink = await startSink(() => ({ status: 401, body: `{"error":"bad key ${KEY}"}` }));
    const lines = captureConsole();
    const infos: unknown[] = [];
    for (const endpoint of [sink.url, 'http://127.0.0.1:9']) {
      const client = new TelemetryClient({
        endpoint, apiKey: KEY, debug: true, maxRetries: 0, onError: (i) => infos.push(i),
      });
      client.startModelCall({ model: 'm' }).end();
      await client.flush();
      const dump = inspect(client, { showHidden: true, depth: 10, getters: true }) +
        JSON.stringify(Object.getOwnPropertyNames(client).map((n) =>
          (client as unknown as Record<string, unknown>)[n]));
      expect(dump).not.toContain('rf_sk_live_0123');
      expect(JSON.stringify(client.stats)).not.toContain('rf_sk_live_0123');
      await client.close();
    }
    await sink.close();
    expect(infos.length).toBe(2);
    expect([...lines, JSON.stringify(infos)].join('\n')).not.toContain('rf_sk_live_0123');
  });
});

describe('debug lines about a span', () => {
  it('redact a secret held in the span name, as the event does', async () => {
    const sink = await startSink();
    const lines = captureConsole();
    const client = new TelemetryClient({ endpoint: sink.url, debug: true });
    const span = client.startToolExecution({
      toolName: `GET https://api.example.com/v1/search?api_key=${KEY}`,
    });
    span.end();
    span.end(); // "end() ignored on <name>: already ended"
    span.setOutput('late'); // "setOutput() ignored on <name>: span ended"
    await client.flush();
    await client.close();
    await sink.close();
    expect(sink.events[0]!.name).not.toContain('rf_sk_live_0123');
    expect(lines.some((l) => l.includes('ignored'))).toBe(true);
    expect(lines.join('\n')).not.toContain('rf_sk_live_0123');
  });
});
