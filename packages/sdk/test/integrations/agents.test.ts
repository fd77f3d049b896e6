import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { startMockOpenAI } from '../../../../examples/lib/mock-openai.mjs';
import { wrapOpenAI } from '../../src/integrations/openai.js';
import type { WireEvent } from '../../src/core/schema.js';
import { startTelemetry } from './setup.js';

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

const ask = (content: string) =>
  openai.chat.completions.create({ model: 'gpt-4o-mini',
    messages: [{ role: 'user', content }] });

const named = (events: WireEvent[], name: string) => events.find((e) => e.name === name)!;

describe('agents handing work to agents', () => {
  it('shows a sub-agent, and the calls it made, nested under the agent that asked', async () => {
    await t.telemetry.traceAgent({ agentName: 'coordinator' }, async () => {
      await ask('Plan the trip');
      await t.telemetry.traceAgent({ agentName: 'researcher', name: 'researcher' }, () =>
        ask('Find flights'));
      await t.telemetry.traceAgent({ agentName: 'writer', name: 'writer' }, () =>
        ask('Write the summary'));
    });
    const events = await t.events();
    const coordinator = named(events, 'coordinator');
    const researcher = named(events, 'researcher');
    const writer = named(events, 'writer');
    const calls = events.filter((e) => e.type === 'model_call');
    const callOf = (text: string) => calls.find((c) => c.input!.includes(text))!;

    expect(coordinator.parentSpanId).toBeNull();
    expect([researcher.parentSpanId, writer.parentSpanId])
      .toEqual([coordinator.spanId, coordinator.spanId]);
    expect(callOf('Plan the trip').parentSpanId).toBe(coordinator.spanId);
    expect(callOf('Find flights').parentSpanId).toBe(researcher.spanId);
    expect(callOf('Write the summary').parentSpanId).toBe(writer.spanId);
    expect(new Set(events.map((e) => e.traceId)).size).toBe(1);
  });

  it('keeps the hand-off in the tree when the work runs outside the caller\'s context',
    async () => {
      const queue: (() => Promise<unknown>)[] = [];
      await t.telemetry.traceAgent({ agentName: 'dispatcher' }, async (dispatcher) => {
        // Work handed through a queue loses the async context; `parent` keeps the link.
        queue.push(() => t.telemetry.traceAgent(
          { agentName: 'worker', parent: dispatcher }, () => ask('Do the job')));
      });
      await new Promise((resolve) => setTimeout(resolve, 0));
      await queue[0]!();

      const events = await t.events();
      const dispatcher = named(events, 'dispatcher');
      const worker = named(events, 'worker');
      const call = events.find((e) => e.type === 'model_call')!;
      expect(worker.parentSpanId).toBe(dispatcher.spanId);
      expect(call.parentSpanId).toBe(worker.spanId);
      expect(worker.traceId).toBe(dispatcher.traceId);
    });

  it('records an agent loop: model asks for a tool, tool runs, model answers', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const messages: ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Use the get_weather tool for Nairobi' }];
    const answer = await t.telemetry.traceAgent({ agentName: 'weather-agent' }, async () => {
      for (let turn = 0; turn < 4; turn++) {
        const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini',
          messages, tools });
        const message = completion.choices[0]!.message;
        messages.push(message);
        if (!message.tool_calls?.length) return message.content;
        for (const call of message.tool_calls) {
          if (call.type !== 'function') continue;
          const args = JSON.parse(call.function.arguments) as { city: string };
          const result = await t.telemetry.traceToolExecution(
            { toolName: call.function.name, input: args }, async () => `Rainy in ${args.city}`);
          messages.push({ role: 'tool', tool_call_id: call.id, content: result });
        }
      }
      return undefined;
    });
    expect(answer).toBe('The tool answered: Rainy in Nairobi');

    const events = await t.events();
    const agent = named(events, 'weather-agent');
    const steps = events.filter((e) => e.parentSpanId === agent.spanId)
      .sort((a, b) => a.startTime.localeCompare(b.startTime));
    expect(steps.map((e) => [e.type, e.metadata?.finishReason ?? e.toolName])).toEqual([
      ['model_call', 'tool_calls'], ['tool_execution', 'get_weather'], ['model_call', 'stop']]);
  });
});
