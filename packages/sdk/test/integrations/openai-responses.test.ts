import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startMockOpenAI } from '../../../../examples/lib/mock-openai.mjs';
import { wrapOpenAI } from '../../src/integrations/openai.js';
import { parsed, startTelemetry } from './setup.js';

let mock: Awaited<ReturnType<typeof startMockOpenAI>>;
let t: Awaited<ReturnType<typeof startTelemetry>>;
let openai: OpenAI;

beforeEach(async () => {
  mock = await startMockOpenAI();
  t = await startTelemetry();
  openai = wrapOpenAI(new OpenAI({ baseURL: mock.url, apiKey: 'sk-test', maxRetries: 0 }),
    { telemetry: t.telemetry });
});
afterEach(async () => {
  await t.close();
  await mock.close();
});

describe('wrapOpenAI: responses.create', () => {
  it('records a plain response with instructions, usage, cached and reasoning tokens',
    async () => {
      await openai.responses.create({ model: 'gpt-5-mini', input: 'Warm up' });
      const response = await openai.responses.create({ model: 'gpt-5-mini',
        instructions: 'Be brief.', input: 'What is new?', max_output_tokens: 200 });
      expect(response.output_text).toBe('You said: What is new?');

      const event = (await t.events())[1]!;
      const usage = response.usage!;
      expect(event).toMatchObject({
        name: 'openai.responses.create', provider: 'openai', model: 'gpt-5-mini',
        status: 'success', output: 'You said: What is new?',
        tokens: { input: usage.input_tokens, output: usage.output_tokens,
          cacheRead: usage.input_tokens_details.cached_tokens, reasoning: 16 },
        metadata: { responseId: response.id, responseModel: 'gpt-5-mini-2025-08-07',
          finishReason: 'completed', parameters: { max_output_tokens: 200 } },
      });
      expect(parsed(event.input)).toEqual({ instructions: 'Be brief.', input: 'What is new?' });
      expect(event.cost).toBeCloseTo((usage.input_tokens * 0.25 +
        usage.output_tokens * 2) / 1e6, 12);
    });

  it('records a streamed response from its events, with time to first token', async () => {
    const stream = await openai.responses.create({ model: 'gpt-4.1', input: 'Stream this',
      stream: true });
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(text).toBe('You said: Stream this');

    const [event] = await t.events();
    expect(event).toMatchObject({ status: 'success', output: text,
      tokens: { input: mock.requests[0].usage.input_tokens },
      metadata: { usageSource: 'provider', finishReason: 'completed', stream: true } });
    expect(event!.metadata!.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
  });

  it('records function calls, plain and streamed', async () => {
    const tools = [{ type: 'function' as const, name: 'lookup_order', strict: false,
      parameters: { type: 'object', properties: { order: { type: 'string' } } } }];
    const input = 'Please lookup order for A123';
    const plain = await openai.responses.create({ model: 'gpt-4.1', input, tools });
    const stream = await openai.responses.create({ model: 'gpt-4.1', input, tools,
      stream: true });
    for await (const chunk of stream) void chunk;

    const [first, second] = await t.events();
    const call = plain.output[0] as { call_id: string };
    expect(parsed(first!.output)).toEqual({ text: null, toolCalls: [
      { id: call.call_id, name: 'lookup_order', arguments: '{"order":"A123"}' }] });
    expect((parsed(second!.output) as { toolCalls: unknown[] }).toolCalls).toEqual([
      expect.objectContaining({ name: 'lookup_order', arguments: '{"order":"A123"}' })]);
    expect(first!.metadata!.tools).toEqual(['lookup_order']);
  });

  it('ends a streamed response left early as aborted, keeping what arrived', async () => {
    const stream = await openai.responses.create({ model: 'gpt-4.1',
      input: 'one two three four five six', stream: true },
    { headers: { 'x-mock-chunk-delay-ms': '15' } });
    let text = '';
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (text.split(' ').length > 3) break;
    }
    const [event] = await t.events();
    expect(event).toMatchObject({ status: 'aborted', output: text, tokens: null,
      metadata: { usageSource: 'unknown' } });
  });
});

describe('wrapOpenAI: embeddings.create', () => {
  it('records usage, cost and the vectors\' shape, never the vectors', async () => {
    const result = await openai.embeddings.create({ model: 'text-embedding-3-small',
      input: ['alpha', 'beta gamma'] });
    expect(result.data).toHaveLength(2);
    expect(result.data[0]!.embedding).toHaveLength(8);

    const [event] = await t.events();
    expect(event).toMatchObject({ name: 'openai.embeddings.create', status: 'success',
      tokens: { input: result.usage.prompt_tokens, total: result.usage.total_tokens },
      output: null, metadata: { embeddings: 2, dimensions: 8 } });
    expect(event!.cost).toBeCloseTo(result.usage.prompt_tokens * 0.02 / 1e6, 14);
  });
});
