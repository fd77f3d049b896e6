import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import { startMockAnthropic } from '../../../../examples/lib/mock-anthropic.mjs';
import { wrapAnthropic } from '../../src/integrations/anthropic.js';
import { parsed, startTelemetry } from './setup.js';

let mock: Awaited<ReturnType<typeof startMockAnthropic>>;
let t: Awaited<ReturnType<typeof startTelemetry>>;
let anthropic: Anthropic;

const plainClient = () => new Anthropic({ baseURL: mock.url, apiKey: 'sk-ant-test',
  maxRetries: 0 });

beforeEach(async () => {
  mock = await startMockAnthropic();
  t = await startTelemetry();
  anthropic = wrapAnthropic(plainClient(), { telemetry: t.telemetry });
});
afterEach(async () => {
  await t.close();
  await mock.close();
});

const cachedSystem = [{ type: 'text' as const, text: 'You answer questions about a long manual.',
  cache_control: { type: 'ephemeral' as const } }];
const ask = (content: string) => [{ role: 'user' as const, content }];
/**
 * A server that starts a message stream, sends two text deltas, then cuts
 * the connection without a `message_stop`.
 */
async function startCutStream() {
  const sse = (type: string, fields: object) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...fields })}\n\n`;
  const delta = (text: string) =>
    sse('content_block_delta', { index: 0, delta: { type: 'text_delta', text } });
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(sse('message_start', { message: { id: 'msg_cut', type: 'message',
      role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [],
      stop_reason: null, stop_sequence: null,
      usage: { input_tokens: 9, output_tokens: 1 } } }));
    res.write(sse('content_block_start', { index: 0,
      content_block: { type: 'text', text: '' } }));
    res.write(delta('Partial '));
    res.write(delta('answer'));
    setTimeout(() => res.socket?.destroy(), 30);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const weatherTool = { name: 'get_weather', input_schema: { type: 'object' as const,
  properties: { city: { type: 'string' } } } };

describe('wrapAnthropic: messages.create', () => {
  it('records cache writes, then cache reads, in the usage and the cost', async () => {
    const request = { model: 'claude-sonnet-4-5', max_tokens: 256, temperature: 0.5,
      system: cachedSystem, messages: ask('Hello') };
    const first = await anthropic.messages.create(request);
    const second = await anthropic.messages.create(request);
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);

    const [written, read] = await t.events();
    const w = first.usage;
    const promptTokens = w.input_tokens + w.cache_creation_input_tokens!;
    expect(written).toMatchObject({
      name: 'anthropic.messages.create', provider: 'anthropic', model: 'claude-sonnet-4-5',
      temperature: 0.5, status: 'success', output: 'You said: Hello',
      tokens: { input: promptTokens, output: w.output_tokens,
        cacheCreation: w.cache_creation_input_tokens, cacheRead: 0 },
      metadata: { responseModel: 'claude-sonnet-4-5-20250929', responseId: first.id,
        finishReason: 'end_turn', usageSource: 'provider',
        parameters: { max_tokens: 256, temperature: 0.5 } },
    });
    expect(written!.metadata!.requestId).toMatch(/^req_01/);
    expect(written!.cost).toBeCloseTo((w.input_tokens * 3 +
      w.cache_creation_input_tokens! * 3.75 + w.output_tokens * 15) / 1e6, 12);

    const r = second.usage;
    expect(read!.tokens).toMatchObject({ cacheRead: r.cache_read_input_tokens,
      input: r.input_tokens + r.cache_read_input_tokens! });
    expect(read!.cost).toBeCloseTo((r.input_tokens * 3 + r.cache_read_input_tokens! * 0.3 +
      r.output_tokens * 15) / 1e6, 12);
    expect(parsed(read!.input)).toEqual({ system: cachedSystem, messages: ask('Hello') });
  });

  it('records a tool_use block as a tool call', async () => {
    const message = await anthropic.messages.create({ model: 'claude-haiku-4-5',
      max_tokens: 100, tools: [weatherTool], messages: ask('Use get_weather for Rome') });
    const block = message.content[0] as Anthropic.ToolUseBlock;
    const [event] = await t.events();
    expect(parsed(event!.output)).toEqual({ text: null, toolCalls: [
      { id: block.id, name: 'get_weather', arguments: { city: 'Rome' } }] });
    expect(event!.metadata).toMatchObject({ finishReason: 'tool_use', tools: ['get_weather'] });
  });

  it('records a stream read to its end from its SSE events', async () => {
    const stream = await anthropic.messages.create({ model: 'claude-sonnet-4-5',
      max_tokens: 100, messages: ask('Stream please'), stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(expect.arrayContaining(['message_start', 'content_block_start',
      'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']));

    const usage = mock.requests[0].usage;
    const [event] = await t.events();
    expect(event).toMatchObject({ status: 'success', output: 'You said: Stream please',
      tokens: { input: usage.input_tokens, output: usage.output_tokens },
      metadata: { finishReason: 'end_turn', usageSource: 'provider', stream: true } });
    expect(event!.metadata!.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
  });

  it('gathers streamed tool input JSON into the recorded tool call', async () => {
    const stream = await anthropic.messages.create({ model: 'claude-sonnet-4-5',
      max_tokens: 100, tools: [weatherTool], messages: ask('Call get_weather for Lima'),
      stream: true });
    for await (const event of stream) void event;
    const [event] = await t.events();
    expect((parsed(event!.output) as { toolCalls: unknown[] }).toolCalls).toEqual([
      expect.objectContaining({ name: 'get_weather', arguments: { city: 'Lima' } })]);
  });

  it('ends a stream left early as aborted: partial text, input usage only', async () => {
    const stream = await anthropic.messages.create({ model: 'claude-sonnet-4-5',
      max_tokens: 100, messages: ask('a b c d e f g h i j'), stream: true },
    { headers: { 'x-mock-chunk-delay-ms': '15' } });
    let text = '';
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
        text += event.delta.text;
        if (text.length > 12) break;
      }
    }
    const usage = mock.requests[0].usage;
    const [event] = await t.events();
    expect(event).toMatchObject({ status: 'aborted', output: text,
      metadata: { usageSource: 'provider' } });
    expect(event!.tokens).toEqual({ input: usage.input_tokens, cacheRead: 0, cacheCreation: 0 });
  });

  it('rethrows a stream the server cut mid-way and records an error, partial text kept',
    async () => {
      const cut = await startCutStream();
      const client = wrapAnthropic(new Anthropic({ baseURL: cut.url, apiKey: 'sk-ant-test',
        maxRetries: 0 }), { telemetry: t.telemetry });
      const stream = await client.messages.create({ model: 'claude-sonnet-4-5',
        max_tokens: 100, messages: ask('Hello'), stream: true });
      let text = '';
      const reading = (async () => {
        for await (const event of stream) {
          if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
            text += event.delta.text;
          }
        }
      })();
      const error = await reading.then(() => undefined, (e: unknown) => e);
      cut.close();

      expect(error).toBeInstanceOf(Error);
      expect(text).toBe('Partial answer');
      const events = await t.events();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ status: 'error', output: 'Partial answer',
        tokens: { input: 9 }, metadata: { usageSource: 'provider', stream: true } });
      expect(events[0]!.error!.message).toBe((error as Error).message);
    });

  it('traces messages.stream(), which the SDK builds on create()', async () => {
    const message = await anthropic.messages.stream({ model: 'claude-haiku-4-5',
      max_tokens: 100, messages: ask('Via the helper') }).finalMessage();
    const [event] = await t.events();
    expect(event).toMatchObject({ status: 'success', output: 'You said: Via the helper',
      metadata: { responseId: message.id, stream: true } });
  });

  it('keeps withResponse() working', async () => {
    const { data, response } = await anthropic.messages.create({ model: 'claude-haiku-4-5',
      max_tokens: 50, messages: ask('Hi') }).withResponse();
    expect(data.content[0]).toMatchObject({ type: 'text', text: 'You said: Hi' });
    const [event] = await t.events();
    expect(event!.metadata!.requestId).toBe(response.headers.get('request-id'));
  });

  it('rethrows the SDK\'s own error class on HTTP 429 and records it', async () => {
    const error = await anthropic.messages.create({ model: 'claude-haiku-4-5',
      max_tokens: 50, messages: ask('Hi') }, { headers: { 'x-mock-status': '429' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    const [event] = await t.events();
    expect(event).toMatchObject({ status: 'error', tokens: null, cost: null,
      error: { type: 'RateLimitError' }, metadata: { httpStatus: 429 } });
    expect(event!.error!.message).toContain('rate limit');
  });
});
