/**
 * Breaker probes for wrapOpenAI with the real `openai` client: a stream
 * iterated a second time by mistake, a stream cut off mid-way.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startMockOpenAI } from '../../../../examples/lib/mock-openai.mjs';
import { wrapOpenAI } from '../../src/integrations/openai.js';
import { startTelemetry } from '../integrations/setup.js';

let mock: Awaited<ReturnType<typeof startMockOpenAI>>;
let t: Awaited<ReturnType<typeof startTelemetry>>;

beforeEach(async () => {
  mock = await startMockOpenAI();
  t = await startTelemetry();
});
afterEach(async () => {
  await t.close();
  await mock.close();
});

const hello = [{ role: 'user' as const, content: 'Hello there' }];

describe('a stream iterated a second time by mistake', () => {
  it('still records the call the first iteration read to its end', async () => {
    const openai = wrapOpenAI(new OpenAI({ baseURL: mock.url, apiKey: 'sk-test', maxRetries: 0 }),
      { telemetry: t.telemetry });
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o-mini', messages: hello, stream: true,
    }, { headers: { 'x-mock-chunk-delay-ms': '10' } });
    const first = (async () => {
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      return text;
    })();
    // The caller's mistake: the SDK throws "Cannot iterate over a consumed
    // stream" at them, as it would unwrapped.
    const second = (async () => {
      for await (const _ of stream) { /* never reached */ }
    })();
    await expect(second).rejects.toThrow(/consumed/);
    const text = await first;
    expect(text.length).toBeGreaterThan(0);
    const events = await t.events();
    expect(events).toHaveLength(1);
    // The model call succeeded and was read in full by the first loop.
    expect(events[0]).toMatchObject({ status: 'success' });
    expect(events[0]!.output).toContain(text.split(' ')[0]);
  });
});

describe('a stream cut off by the server mid-way', () => {
  it('rethrows to the caller and records an error with the partial output', async () => {
    const chunk = (content: string) => `data: ${JSON.stringify({
      id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini',
      choices: [{ index: 0, delta: { content }, finish_reason: null }],
    })}\n\n`;
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk('Partial '));
      res.write(chunk('answer'));
      setTimeout(() => res.socket?.destroy(), 30);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    const openai = wrapOpenAI(new OpenAI({ baseURL: url, apiKey: 'sk-test', maxRetries: 0 }),
      { telemetry: t.telemetry });
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o-mini', messages: hello, stream: true,
    });
    let seen = '';
    let caught: unknown;
    try {
      for await (const c of stream) seen += c.choices[0]?.delta?.content ?? '';
    } catch (error) {
      caught = error;
    }
    server.closeAllConnections();
    server.close();
    expect(seen).toBe('Partial answer');
    const events = await t.events();
    expect(events).toHaveLength(1);
    if (caught) {
      expect(events[0]).toMatchObject({ status: 'error' });
    } else {
      // The SDK ended the stream quietly: then the call is not a success
      // with a finish reason it never received.
      expect(events[0]!.status).not.toBe('success');
    }
    expect(events[0]!.output).toContain('Partial answer');
  });
});
