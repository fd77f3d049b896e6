import { describe, expect, it } from 'vitest';
import { toOtlpSpan } from '../../src/transports/otlp-mapping.js';
import { toOtlpTraceRequest } from '../../src/transports/otlp.js';
import { attributesOf, recordingClient } from './helpers.js';

async function spansOf(
  record: (client: ReturnType<typeof recordingClient>['client']) => unknown,
  options: Record<string, unknown> = {},
) {
  const { client, events } = recordingClient(options);
  try {
    await record(client);
  } catch {
    // Failing spans are part of what some tests record.
  }
  await client.flush();
  const spans = events().map((event) => ({ event, span: toOtlpSpan(event) }));
  // Every test records at least one span; the tuple type says so.
  return spans as [(typeof spans)[number], ...typeof spans];
}

describe('model calls', () => {
  it('become CLIENT chat spans with request, response and usage attributes', async () => {
    const [{ event, span }] = await spansOf((client) => client.traceModelCall({
      provider: 'openai', model: 'gpt-4o-mini', name: 'openai.chat.completions.create',
      input: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }],
      metadata: { parameters: { max_tokens: 64, top_p: 0.9, stop: 'END' }, stream: true,
        responseModel: 'gpt-4o-mini-2024-07-18', responseId: 'chatcmpl-1',
        finishReason: 'stop', timeToFirstTokenMs: 120 },
    }, (s) => {
      s.setOutput('Hello!').setTemperature(1).setCost(0.002)
        .setTokens({ input: 10, output: 5, cacheRead: 4, cacheCreation: 1, reasoning: 2 });
    }));

    expect(span).toMatchObject({ name: 'chat gpt-4o-mini', kind: 3, status: { code: 0 } });
    expect(attributesOf(span.attributes)).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 1,
      'gen_ai.request.max_tokens': 64,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.request.stream': true,
      'gen_ai.response.id': 'chatcmpl-1',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.response.time_to_first_chunk': 0.12,
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.output_tokens': 5,
      'gen_ai.usage.cache_read.input_tokens': 4,
      'gen_ai.usage.cache_creation.input_tokens': 1,
      'gen_ai.usage.reasoning.output_tokens': 2,
      'gen_ai.input.messages': JSON.stringify([
        { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
        { role: 'user', parts: [{ type: 'text', content: 'Hi' }] },
      ]),
      'gen_ai.output.messages': JSON.stringify([
        { role: 'assistant', parts: [{ type: 'text', content: 'Hello!' }],
          finish_reason: 'stop' },
      ]),
      'robotforge.usage.total_tokens': 15,
      'robotforge.event_id': event.eventId,
      'robotforge.type': 'model_call',
      'robotforge.name': 'openai.chat.completions.create',
      'robotforge.status': 'success',
      'robotforge.cost': 0.002,
      'robotforge.session.id': 'sess-1',
      'robotforge.metadata': JSON.stringify(event.metadata),
    });
  });

  it('encodes a whole temperature as a double and token counts as int strings', async () => {
    const [{ span }] = await spansOf((client) => client.traceModelCall(
      { model: 'm', temperature: 1 }, (s) => s.setTokens({ input: 3 })));

    const byKey = Object.fromEntries(span.attributes.map((a) => [a.key, a.value]));
    expect(byKey['gen_ai.request.temperature']).toEqual({ doubleValue: 1 });
    expect(byKey['gen_ai.usage.input_tokens']).toEqual({ intValue: '3' });
  });

  it('names embeddings calls by their operation', async () => {
    const [{ span }] = await spansOf((client) => client.traceModelCall(
      { name: 'openai.embeddings.create', provider: 'openai', model: 'text-embedding-3' },
      () => 1));

    expect(span.name).toBe('embeddings text-embedding-3');
    expect(attributesOf(span.attributes)['gen_ai.operation.name']).toBe('embeddings');
  });

  it('puts system instructions apart and tool calls in the output parts', async () => {
    const [{ span }] = await spansOf((client) => client.traceModelCall({
      provider: 'anthropic', model: 'claude-sonnet-4',
      input: { system: 'You plan trips.', messages: [{ role: 'user', content: 'Rome?' }] },
    }, (s) => s.setOutput({ text: '', toolCalls: [
      { id: 'toolu_1', name: 'weather', arguments: '{"city":"Rome"}' },
    ] }).setMetadata('finishReason', 'tool_use')));

    const attributes = attributesOf(span.attributes);
    expect(JSON.parse(attributes['gen_ai.system_instructions'] as string)).toEqual(
      [{ type: 'text', content: 'You plan trips.' }]);
    expect(JSON.parse(attributes['gen_ai.output.messages'] as string)).toEqual([{
      role: 'assistant', finish_reason: 'tool_use',
      parts: [{ type: 'tool_call', id: 'toolu_1', name: 'weather',
        arguments: { city: 'Rome' } }],
    }]);
  });

  it('keeps input that is not a message list as robotforge.input', async () => {
    const [{ span }] = await spansOf((client) => client.traceModelCall(
      { model: 'm', input: { question: 42 } }, () => 'x'));

    const attributes = attributesOf(span.attributes);
    expect(attributes['robotforge.input']).toBe('{"question":42}');
    expect(attributes).not.toHaveProperty('gen_ai.input.messages');
  });

  it('sends no captured content when the client does not capture it', async () => {
    const [{ span }] = await spansOf((client) => client.traceModelCall(
      { model: 'm', input: 'secret prompt' }, (s) => s.setOutput('secret answer')),
    { captureContent: false });

    const keys = span.attributes.map((a) => a.key);
    expect(keys.filter((key) => /messages|input$|output$/.test(key))).toEqual([]);
  });
});

describe('tools and agents', () => {
  it('map a failing tool to execute_tool with error.type, status and exception', async () => {
    const [{ span }] = await spansOf((client) => client.traceToolExecution(
      { toolName: 'search', input: { q: 'rome' }, metadata: { toolCallId: 'call_9' } },
      () => {
        throw new RangeError('quota exceeded');
      }));

    expect(span).toMatchObject({ name: 'execute_tool search', kind: 1,
      status: { code: 2, message: 'quota exceeded' } });
    expect(attributesOf(span.attributes)).toMatchObject({
      'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search',
      'gen_ai.tool.call.id': 'call_9', 'gen_ai.tool.call.arguments': '{"q":"rome"}',
      'error.type': 'RangeError',
    });
    expect(span.events).toHaveLength(1);
    expect(attributesOf(span.events[0]!.attributes)).toMatchObject({
      'exception.type': 'RangeError', 'exception.message': 'quota exceeded' });
  });

  it('map agents to INTERNAL invoke_agent spans that parent their calls', async () => {
    const spans = await spansOf((client) => client.traceAgent(
      { agentName: 'planner', agentId: 'a-1' },
      () => client.traceModelCall({ model: 'm' }, () => 1)));

    const agent = spans.find((s) => s.event.type === 'agent')!.span;
    const model = spans.find((s) => s.event.type === 'model_call')!.span;
    expect(agent).toMatchObject({ name: 'invoke_agent planner', kind: 1 });
    expect(agent).not.toHaveProperty('parentSpanId');
    expect(attributesOf(agent.attributes)).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner',
      'gen_ai.agent.id': 'a-1' });
    expect(model.parentSpanId).toBe(agent.spanId);
    expect(model.traceId).toBe(agent.traceId);
  });
});

describe('export requests', () => {
  it('give times in unix nanoseconds, the end being start plus the latency', async () => {
    const [{ event, span }] = await spansOf((client) => client.traceModelCall({}, () => 1));
    const startMs = Date.parse(event.startTime);

    expect(span.startTimeUnixNano).toBe(`${startMs}000000`);
    const endNanos = BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano);
    expect(Number(endNanos) / 1e6).toBeCloseTo(event.latencyMs, 5);
  });

  it('describe the SDK and service in the resource, user attributes winning', async () => {
    const { client, batches } = recordingClient({ applicationId: 'support-bot' });
    client.traceModelCall({}, () => 1);
    await client.flush();

    const plainRequest = toOtlpTraceRequest(batches[0]!);
    const browserRequest = toOtlpTraceRequest(
      { ...batches[0]!, sdk: { ...batches[0]!.sdk, runtime: 'browser' } },
      { resourceAttributes: { 'service.name': 'web', 'deployment.environment.name': 'dev' } });

    expect(attributesOf(plainRequest.resourceSpans[0]!.resource.attributes)).toEqual({
      'service.name': 'support-bot', 'telemetry.sdk.name': '@robotforge/sdk',
      'telemetry.sdk.version': '0.1.0', 'telemetry.sdk.language': 'nodejs',
      'robotforge.runtime': 'node',
    });
    expect(attributesOf(browserRequest.resourceSpans[0]!.resource.attributes)).toMatchObject({
      'service.name': 'web', 'telemetry.sdk.language': 'webjs',
      'deployment.environment.name': 'dev' });
    expect(plainRequest.resourceSpans[0]!.scopeSpans[0]!.scope).toEqual(
      { name: '@robotforge/sdk', version: '0.1.0' });
  });

  it("names the service 'unknown_service' when nothing else does", async () => {
    const { client, batches } = recordingClient();
    client.traceModelCall({}, () => 1);
    await client.flush();

    const resource = toOtlpTraceRequest(batches[0]!).resourceSpans[0]!.resource;
    expect(attributesOf(resource.attributes)['service.name']).toBe('unknown_service');
  });
});
