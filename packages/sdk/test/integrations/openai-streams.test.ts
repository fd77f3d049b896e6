import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { Stream } from 'openai/streaming';
import { startMockOpenAI } from '../../../../examples/lib/mock-openai.mjs';
import { wrapOpenAI } from '../../src/integrations/openai.js';
import { eventually, parsed, startTelemetry } from './setup.js';

let mock: Awaited<ReturnType<typeof startMockOpenAI>>;
let t: Awaited<ReturnType<typeof startTelemetry>>;
let openai: OpenAI;

const LONG_ANSWER = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
const plainClient = () => new OpenAI({ baseURL: mock.url, apiKey: 'sk-test', maxRetries: 0 });

beforeEach(async () => {
  mock = await startMockOpenAI({
    script: (request: { body?: { messages?: { content?: unknown }[] } }) =>
      (request.body?.messages?.at(-1)?.content === 'Tell me a long story'
        ? { text: LONG_ANSWER } : undefined),
  });
  t = await startTelemetry();
  openai = wrapOpenAI(plainClient(), { telemetry: t.telemetry });
});
afterEach(async () => {
  await t.close();
  await mock.close();
});

const hello = [{ role: 'user' as const, content: 'Hello there' }];
const story = [{ role: 'user' as const, content: 'Tell me a long story' }];
const slow = { headers: { 'x-mock-chunk-delay-ms': '20' } };

// Ids and times differ between two calls; everything else must not.
const comparable = (chunks: object[]) =>
  chunks.map((c) => ({ ...c, id: 'id', created: 0, system_fingerprint: 'fp' }));

async function readAll<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

describe('wrapOpenAI: chat streams', () => {
  it('records a stream read to its end, with provider usage the wrapper asked for', async () => {
    const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini',
      messages: hello, stream: true });
    expect(stream).toBeInstanceOf(Stream);
    expect(stream.controller).toBeInstanceOf(AbortController);
    const chunks = await readAll(stream);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''))
      .toBe('You said: Hello there');

    expect(mock.requests[0].body.stream_options).toEqual({ include_usage: true });
    const usage = mock.requests[0].usage;
    const [event] = await t.events();
    expect(event).toMatchObject({
      status: 'success', output: 'You said: Hello there',
      tokens: { input: usage.prompt_tokens, output: usage.completion_tokens, cacheRead: 0 },
      metadata: { usageSource: 'provider', finishReason: 'stop', stream: true,
        responseModel: 'gpt-4o-mini-2024-07-18', responseId: chunks[0]!.id },
    });
    expect(event!.metadata!.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
    expect(event!.cost).toBeGreaterThan(0);
  });

  it('shows the caller exactly the chunks an unwrapped client would see', async () => {
    const request = { model: 'gpt-4o-mini', messages: hello, stream: true as const };
    const wrapped = await readAll(await openai.chat.completions.create(request));
    const plain = await readAll(await plainClient().chat.completions.create(request));
    expect(wrapped.some((c) => c.choices.length === 0 || 'usage' in c)).toBe(false);
    expect(comparable(wrapped)).toEqual(comparable(plain));
  });

  it('passes the usage chunk through when the caller asked for it', async () => {
    const chunks = await readAll(await openai.chat.completions.create({ model: 'gpt-4o-mini',
      messages: hello, stream: true, stream_options: { include_usage: true } }));
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(chunks[0]!.usage).toBeNull();
    const [event] = await t.events();
    expect(event!.tokens!.input).toBe(last.usage!.prompt_tokens);
  });

  it('gathers streamed tool call deltas into the recorded output', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const chunks = await readAll(await openai.chat.completions.create({ model: 'gpt-4o-mini',
      tools, stream: true, messages: [{ role: 'user', content: 'Call get_weather for Oslo' }] }));
    const id = chunks[0]!.choices[0]!.delta.tool_calls![0]!.id;
    const [event] = await t.events();
    expect(parsed(event!.output)).toEqual({ text: null,
      toolCalls: [{ id, name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
    expect(event!.metadata!.finishReason).toBe('tool_calls');
  });

  it('ends a stream left with break as aborted, with the partial output and no usage',
    async () => {
      const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini',
        messages: story, stream: true }, slow);
      let text = '';
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        if (text.includes('word2')) break;
      }
      expect(stream.controller.signal.aborted).toBe(true);
      const [event] = await t.events();
      expect(event).toMatchObject({ status: 'aborted', output: text, tokens: null, cost: null,
        metadata: { usageSource: 'unknown' } });
      expect(text).toBe('word0 word1 word2 ');
    });

  it('ends a stream stopped with controller.abort() as aborted', async () => {
    const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini',
      messages: story, stream: true }, slow);
    let seen = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content && ++seen === 2) stream.controller.abort();
    }
    const [event] = await t.events();
    expect(event).toMatchObject({ status: 'aborted', output: 'word0 word1 ', tokens: null,
      metadata: { usageSource: 'unknown' } });
  });

  it('ends a stream aborted while a chunk is awaited as aborted', async () => {
    const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini',
      messages: story, stream: true }, slow);
    let seen = 0;
    for await (const chunk of stream) {
      // The abort lands while the loop waits for the next chunk.
      if (chunk.choices[0]?.delta.content && ++seen === 2) {
        setTimeout(() => stream.controller.abort(), 0);
      }
    }
    const [event] = await t.events();
    expect(event).toMatchObject({ status: 'aborted', output: 'word0 word1 ', tokens: null,
      error: null, metadata: { usageSource: 'unknown' } });
  });

  it('keeps tee() and toReadableStream() working, with one recorded call', async () => {
    const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini',
      messages: hello, stream: true });
    const [left, right] = stream.tee();
    const [a, b] = await Promise.all([readAll(left), readAll(right)]);
    expect(a).toEqual(b);
    expect(a.some((c) => c.choices.length === 0)).toBe(false);

    const other = await openai.chat.completions.create({ model: 'gpt-4o-mini',
      messages: hello, stream: true });
    const text = await new Response(other.toReadableStream()).text();
    expect(text.trim().split('\n').map((line) => JSON.parse(line).choices.length))
      .not.toContain(0);
    const events = await t.events();
    expect(events.map((e) => [e.status, e.output])).toEqual([
      ['success', 'You said: Hello there'], ['success', 'You said: Hello there']]);
  });

  it('traces the stream returned by withResponse()', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'gpt-4o-mini',
      messages: hello, stream: true }).withResponse();
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    await readAll(data);
    const [event] = await t.events();
    expect(event).toMatchObject({ status: 'success', metadata: { usageSource: 'provider' } });
  });

  it('records an estimate when usage is not requested and none arrives', async () => {
    const compatible = wrapOpenAI(plainClient(), { telemetry: t.telemetry,
      includeStreamUsage: false });
    await readAll(await compatible.chat.completions.create({ model: 'gpt-4o-mini',
      messages: hello, stream: true }));
    expect(mock.requests[0].body.stream_options).toBeUndefined();
    const [event] = await t.events();
    expect(event!.metadata!.usageSource).toBe('estimated');
    expect(event!.tokens!.output).toBe(Math.ceil('You said: Hello there'.length / 4));
  });

  it('ends an abandoned stream as aborted once it is garbage-collected', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const abandon = async () => {
      await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: story,
        stream: true }, slow);
    };
    await abandon();
    await eventually(async () => {
      gc();
      await new Promise((r) => setTimeout(r, 10));
      return (await t.events()).length === 1;
    }, 5000);
    const [event] = await t.events();
    expect(event).toMatchObject({ status: 'aborted', output: '', tokens: null,
      metadata: { usageSource: 'unknown' } });
  });
});
