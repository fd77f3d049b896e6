import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startMockOpenAI } from '../../../../examples/lib/mock-openai.mjs';
import { wrapOpenAI } from '../../src/integrations/openai.js';
import { PRICE_TABLE_VERSION } from '../../src/integrations/pricing.js';
import { parsed, startTelemetry } from './setup.js';

let mock: Awaited<ReturnType<typeof startMockOpenAI>>;
let t: Awaited<ReturnType<typeof startTelemetry>>;
let openai: OpenAI;

const plainClient = () => new OpenAI({ baseURL: mock.url, apiKey: 'sk-test', maxRetries: 0 });

beforeEach(async () => {
  mock = await startMockOpenAI();
  t = await startTelemetry();
  openai = wrapOpenAI(plainClient(), { telemetry: t.telemetry });
});
afterEach(async () => {
  await t.close();
  await mock.close();
});

const messages = [
  { role: 'system' as const, content: 'You are terse.' },
  { role: 'user' as const, content: 'Hello there' },
];

describe('wrapOpenAI: chat.completions.create', () => {
  it('records model, parameters, input, output, finish reason, ids, usage and cost', async () => {
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o-mini', messages, temperature: 0.3, max_tokens: 50, top_p: 0.9,
    });
    expect(completion.choices[0]!.message.content).toBe('You said: Hello there');

    const [event] = await t.events();
    const usage = completion.usage!;
    expect(event).toMatchObject({
      type: 'model_call', name: 'openai.chat.completions.create', status: 'success',
      provider: 'openai', model: 'gpt-4o-mini', temperature: 0.3,
      output: 'You said: Hello there',
      tokens: { input: usage.prompt_tokens, output: usage.completion_tokens,
        total: usage.total_tokens, cacheRead: 0, reasoning: 0 },
      metadata: {
        responseModel: 'gpt-4o-mini-2024-07-18', responseId: completion.id,
        finishReason: 'stop', systemFingerprint: completion.system_fingerprint,
        usageSource: 'provider', costSource: `price-table@${PRICE_TABLE_VERSION}`,
        parameters: { temperature: 0.3, max_tokens: 50, top_p: 0.9 },
      },
    });
    expect(parsed(event!.input)).toEqual(messages);
    const dollars = (usage.prompt_tokens * 0.15 + usage.completion_tokens * 0.6) / 1e6;
    expect(event!.cost).toBeCloseTo(dollars, 12);
    expect(event!.metadata!.requestId).toMatch(/^req_/);
  });

  it('bills cached prompt tokens at the cached-input price', async () => {
    await openai.chat.completions.create({ model: 'gpt-4o', messages });
    const second = await openai.chat.completions.create({ model: 'gpt-4o', messages });
    const cached = second.usage!.prompt_tokens_details!.cached_tokens!;
    expect(cached).toBeGreaterThan(0);

    const event = (await t.events())[1]!;
    expect(event.tokens!.cacheRead).toBe(cached);
    const fresh = second.usage!.prompt_tokens - cached;
    const dollars = (fresh * 2.5 + cached * 1.25 + second.usage!.completion_tokens * 10) / 1e6;
    expect(event.cost).toBeCloseTo(dollars, 12);
  });

  it('records reasoning tokens of a reasoning model', async () => {
    const completion = await openai.chat.completions.create({ model: 'o4-mini', messages });
    const [event] = await t.events();
    expect(completion.usage!.completion_tokens_details!.reasoning_tokens).toBe(16);
    expect(event!.tokens!.reasoning).toBe(16);
    expect(event!.metadata!.responseModel).toBe('o4-mini-2025-04-16');
  });

  it('records the tool calls the model asked for', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', tools,
      messages: [{ role: 'user', content: 'Use the weather tool for Paris' }] });
    const call = completion.choices[0]!.message.tool_calls![0]!;

    const [event] = await t.events();
    expect(parsed(event!.output)).toEqual({ text: null, toolCalls: [
      { id: call.id, name: 'get_weather', arguments: '{"city":"Paris"}' }] });
    expect(event!.metadata).toMatchObject({ finishReason: 'tool_calls', tools: ['get_weather'] });
  });

  it('returns the same APIPromise: withResponse() gives data, response and request id',
    async () => {
      const promise = openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(promise.constructor.name).toBe('APIPromise');
      const { data, response, request_id } = await promise.withResponse();
      expect(data.choices[0]!.message.content).toBe('You said: Hello there');
      expect(response.status).toBe(200);

      const [event] = await t.events();
      expect(event!.metadata!.requestId).toBe(request_id);
      expect(event!.metadata!.responseId).toBe(data.id);
    });

  it('leaves the body unread for asResponse() and records the call without usage',
    async () => {
      const response = await openai.chat.completions
        .create({ model: 'gpt-4o-mini', messages }).asResponse();
      const body = await response.json();
      expect(body.object).toBe('chat.completion');

      const [event] = await t.events();
      expect(event).toMatchObject({ status: 'success', tokens: null, cost: null,
        metadata: { usageSource: 'unknown' } });
    });

  it('rethrows the SDK\'s own error on HTTP 429 and records it', async () => {
    const failing = () => openai.chat.completions.create({ model: 'gpt-4o-mini', messages },
      { headers: { 'x-mock-status': '429' } });
    const error = await failing().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(429);
    const unwrapped = await plainClient().chat.completions
      .create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-mock-status': '429' } })
      .catch((e: Error) => e);
    expect((error as Error).message).toBe(unwrapped.message);

    const [event] = await t.events();
    expect(event).toMatchObject({ status: 'error',
      metadata: { httpStatus: 429, errorClass: 'RateLimitError' }, tokens: null, cost: null });
    expect(event!.error!.message).toContain('Rate limit reached');
  });

  it('records a request the caller aborted as aborted, not as an error', async () => {
    const error = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages },
      { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIUserAbortError);
    const [event] = await t.events();
    expect(event).toMatchObject({ status: 'aborted', tokens: null, cost: null });
  });

  it('records a server error (500) as an InternalServerError', async () => {
    await expect(openai.chat.completions.create({ model: 'gpt-4o-mini', messages },
      { headers: { 'x-mock-status': '500' } })).rejects.toBeInstanceOf(
      OpenAI.InternalServerError);
    const [event] = await t.events();
    expect(event).toMatchObject({ status: 'error', metadata: { httpStatus: 500 } });
  });

  it('gives an unknown model no cost, never a zero', async () => {
    await openai.chat.completions.create({ model: 'my-local-model', messages });
    const [event] = await t.events();
    expect(event!.tokens!.input).toBeGreaterThan(0);
    expect(event!.cost).toBeNull();
    expect(event!.metadata!.costSource).toBeUndefined();
  });

  it('prices a model from the prices option, marked as the user\'s', async () => {
    const priced = wrapOpenAI(plainClient(), { telemetry: t.telemetry,
      prices: { 'my-local-model': { input: 1, output: 2 } } });
    const completion = await priced.chat.completions.create({ model: 'my-local-model',
      messages });
    const [event] = await t.events();
    const usage = completion.usage!;
    expect(event!.cost).toBeCloseTo((usage.prompt_tokens + usage.completion_tokens * 2) / 1e6,
      12);
    expect(event!.metadata!.costSource).toBe('user');
  });

  it('applies the name, metadata and captureContent options', async () => {
    const quiet = wrapOpenAI(plainClient(), { telemetry: t.telemetry, name: 'planner-llm',
      metadata: { team: 'search' }, captureContent: false });
    await quiet.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const [event] = await t.events();
    expect(event).toMatchObject({ name: 'planner-llm', input: null, output: null,
      metadata: { team: 'search', usageSource: 'provider' } });
  });

  it('swaps the options when a client is wrapped again, with no second span', async () => {
    wrapOpenAI(openai, { telemetry: t.telemetry, name: 'rewrapped' });
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const events = await t.events();
    expect(events.map((e) => e.name)).toEqual(['rewrapped']);
  });

  it('nests model calls under the agent that made them', async () => {
    await t.telemetry.traceAgent({ agentName: 'greeter' }, async () => {
      await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
      await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    });
    const events = await t.events();
    const agent = events.find((e) => e.type === 'agent')!;
    const calls = events.filter((e) => e.type === 'model_call');
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.parentSpanId).toBe(agent.spanId);
      expect(call.traceId).toBe(agent.traceId);
    }
  });

  it('fails loudly at wrap time without a telemetry client', () => {
    expect(() => wrapOpenAI(plainClient(), {} as never)).toThrow(/telemetry/);
  });
});
