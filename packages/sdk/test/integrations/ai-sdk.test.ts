import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateText, jsonSchema, stepCountIs, streamText, tool, wrapLanguageModel } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { startMockOpenAI } from '../../../../examples/lib/mock-openai.mjs';
import { robotforgeMiddleware } from '../../src/integrations/ai-sdk.js';
import { parsed, startTelemetry } from './setup.js';

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

function chatModel(headers: Record<string, string> = {}) {
  const provider = createOpenAI({ baseURL: mock.url, apiKey: 'sk-test', headers });
  return wrapLanguageModel({ model: provider.chat('gpt-4o-mini'),
    middleware: robotforgeMiddleware({ telemetry: t.telemetry }) });
}

const weather = tool({
  description: 'Current weather in a city',
  inputSchema: jsonSchema<{ city: string }>({ type: 'object',
    properties: { city: { type: 'string' } }, required: ['city'] }),
  execute: async ({ city }) =>
    t.telemetry.traceToolExecution({ toolName: 'get_weather', input: city },
      async () => `Sunny in ${city}`),
});

describe('robotforgeMiddleware (AI SDK 5)', () => {
  it('traces generateText with usage, cost, finish reason and ids', async () => {
    const result = await generateText({ model: chatModel(), prompt: 'Hello there',
      temperature: 0.2, maxOutputTokens: 64 });
    expect(result.text).toBe('You said: Hello there');

    const usage = mock.requests[0].usage;
    const [event] = await t.events();
    expect(event).toMatchObject({
      type: 'model_call', name: 'ai-sdk.generate', provider: 'openai', model: 'gpt-4o-mini',
      temperature: 0.2, status: 'success', output: 'You said: Hello there',
      tokens: { input: usage.prompt_tokens, output: usage.completion_tokens, cacheRead: 0 },
      metadata: { finishReason: 'stop', responseId: result.response.id,
        responseModel: 'gpt-4o-mini-2024-07-18', usageSource: 'provider',
        parameters: { temperature: 0.2, maxOutputTokens: 64 } },
    });
    expect(event!.cost).toBeCloseTo((usage.prompt_tokens * 0.15 +
      usage.completion_tokens * 0.6) / 1e6, 12);
    expect(parsed(event!.input)).toEqual([{ role: 'user',
      content: [{ type: 'text', text: 'Hello there' }] }]);
  });

  it('traces streamText with time to first token and the streamed usage', async () => {
    const result = streamText({ model: chatModel(), prompt: 'Stream it' });
    let text = '';
    for await (const piece of result.textStream) text += piece;
    expect(text).toBe('You said: Stream it');

    const [event] = await t.events();
    expect(event).toMatchObject({ name: 'ai-sdk.stream', status: 'success', output: text,
      tokens: { input: mock.requests[0].usage.prompt_tokens },
      metadata: { finishReason: 'stop', usageSource: 'provider', stream: true } });
    expect(event!.metadata!.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
  });

  it('traces every step of a tool loop, nested under the agent with its tool', async () => {
    const result = await t.telemetry.traceAgent({ agentName: 'forecaster' }, () =>
      generateText({ model: chatModel(), tools: { get_weather: weather },
        stopWhen: stepCountIs(3), prompt: 'Use the get_weather tool for Paris' }));
    expect(result.text).toBe('The tool answered: Sunny in Paris');

    const events = await t.events();
    const agent = events.find((e) => e.type === 'agent')!;
    const calls = events.filter((e) => e.type === 'model_call');
    const toolRun = events.find((e) => e.type === 'tool_execution')!;
    expect(calls).toHaveLength(2);
    expect([...calls, toolRun].map((e) => e.parentSpanId)).toEqual(
      [agent.spanId, agent.spanId, agent.spanId]);
    const asked = parsed(calls[0]!.output) as { toolCalls: { name: string }[] };
    expect(asked.toolCalls[0]).toMatchObject({ name: 'get_weather',
      arguments: '{"city":"Paris"}' });
    expect(calls[0]!.metadata).toMatchObject({ finishReason: 'tool-calls',
      tools: ['get_weather'] });
    expect(calls[1]!.output).toBe('The tool answered: Sunny in Paris');
  });

  it('traces the tool calls of a streamed tool loop', async () => {
    const result = streamText({ model: chatModel(), tools: { get_weather: weather },
      stopWhen: stepCountIs(3), prompt: 'Call get_weather for Quito' });
    await result.consumeStream();
    const calls = (await t.events()).filter((e) => e.type === 'model_call');
    expect(calls.map((e) => e.metadata!.finishReason)).toEqual(['tool-calls', 'stop']);
    expect((parsed(calls[0]!.output) as { toolCalls: unknown[] }).toolCalls).toEqual([
      expect.objectContaining({ name: 'get_weather', arguments: '{"city":"Quito"}' })]);
  });

  it('ends a stream aborted by its signal as aborted, with the partial text', async () => {
    const controller = new AbortController();
    const result = streamText({ model: chatModel({ 'x-mock-chunk-delay-ms': '15' }),
      prompt: 'one two three four five six seven eight', abortSignal: controller.signal,
      onError: () => undefined });
    let text = '';
    try {
      for await (const piece of result.textStream) {
        text += piece;
        if (text.includes('two')) controller.abort();
      }
    } catch {
      // streamText reports the abort to its reader as well.
    }
    const [event] = await t.events();
    expect(event!.status).toBe('aborted');
    expect(event!.output).toBe(text);
    expect(event!.metadata!.usageSource).toBe('unknown');
  });

  it('records a provider error and lets the AI SDK report it', async () => {
    const failing = generateText({ model: chatModel({ 'x-mock-status': '429' }),
      prompt: 'Hi', maxRetries: 0 });
    await expect(failing).rejects.toThrow(/Rate limit reached/);
    const [event] = await t.events();
    expect(event).toMatchObject({ status: 'error', tokens: null, cost: null });
    expect(event!.error!.message).toContain('Rate limit reached');
  });
});
