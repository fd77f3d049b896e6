/**
 * Spans made by the official OpenTelemetry JS SDK, exported by its own
 * OTLP/HTTP exporters (JSON and protobuf), arrive in the collector's
 * query API as RobotForge events.
 */
import { SpanKind, SpanStatusCode, context, trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  BasicTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningCollector } from '../src/index.js';
import { send, startTestCollector } from './fixtures.js';

let collector: RunningCollector;
let provider: BasicTracerProvider | undefined;
afterEach(async () => {
  await provider?.shutdown();
  provider = undefined;
  await collector?.close();
});

function tracerFor(exporter: SpanExporter): Tracer {
  provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return provider.getTracer('interop-test', '1.0.0');
}

/** An agent that calls a model and a failing tool, as the conventions describe them. */
function recordAgentRun(tracer: Tracer): string {
  const agent = tracer.startSpan('invoke_agent planner', {
    kind: SpanKind.INTERNAL,
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner',
      'gen_ai.agent.id': 'agent-7' },
  });
  const inAgent = trace.setSpan(context.active(), agent);
  const chat = tracer.startSpan('chat gpt-4o-mini', {
    kind: SpanKind.CLIENT,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 256,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.id': 'chatcmpl-42',
      'gen_ai.response.finish_reasons': ['tool_call'],
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': 30,
      'gen_ai.usage.cache_read.input_tokens': 100,
    },
  }, inAgent);
  chat.end();
  const tool = tracer.startSpan('execute_tool search', {
    attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search',
      'gen_ai.tool.call.id': 'call_1' },
  }, inAgent);
  tool.recordException(new TypeError('index offline'));
  tool.setStatus({ code: SpanStatusCode.ERROR, message: 'index offline' });
  tool.end();
  agent.end();
  return agent.spanContext().traceId;
}

async function storedTrace(traceId: string) {
  const answer = await send(collector.url, 'GET', `/v1/traces/${traceId}`);
  expect(answer.status).toBe(200);
  const spans = answer.json.spans as Record<string, any>[];
  return Object.fromEntries(spans.map((span) => [span.type, span]));
}

describe.each([
  ['JSON', (url: string) => new JsonExporter({ url: `${url}/v1/traces` })],
  ['protobuf', (url: string) => new ProtoExporter({ url: `${url}/v1/traces` })],
])('spans from the official OpenTelemetry exporter over OTLP/HTTP %s', (_name, exporterFor) => {
  it('become one trace of agent, model call and tool events with their fields', async () => {
    collector = await startTestCollector();
    const tracer = tracerFor(exporterFor(collector.url));

    const traceId = recordAgentRun(tracer);
    await provider!.forceFlush();

    const byType = await storedTrace(traceId);
    const agent = byType.agent!;
    expect(agent).toMatchObject({ name: 'invoke_agent planner', agentName: 'planner',
      agentId: 'agent-7', parentSpanId: null, status: 'success' });
    expect(byType.model_call).toMatchObject({
      parentSpanId: agent.spanId,
      provider: 'openai',
      model: 'gpt-4o-mini',
      temperature: 0.2,
      tokens: { input: 120, output: 30, cacheRead: 100, total: 150 },
      metadata: { parameters: { max_tokens: 256 }, responseId: 'chatcmpl-42',
        responseModel: 'gpt-4o-mini-2024-07-18', finishReasons: ['tool_call'] },
    });
    expect(byType.tool_execution).toMatchObject({
      parentSpanId: agent.spanId,
      toolName: 'search',
      status: 'error',
      error: { type: 'TypeError', message: 'index offline' },
      metadata: { toolCallId: 'call_1' },
    });
    expect(byType.tool_execution!.error.stack).toMatch(/^TypeError: index offline/);
  });
});

describe('spans that are not GenAI', () => {
  it('are kept as tool executions named after the span, marked as such', async () => {
    collector = await startTestCollector();
    const tracer = tracerFor(new JsonExporter({ url: `${collector.url}/v1/traces` }));

    const span = tracer.startSpan('GET /orders', { kind: SpanKind.SERVER, attributes: {
      'http.request.method': 'GET', 'http.response.status_code': 200, 'http.route': '/orders',
    } });
    span.end();
    await provider!.forceFlush();

    const byType = await storedTrace(span.spanContext().traceId);
    expect(byType.tool_execution).toMatchObject({
      name: 'GET /orders', toolName: 'GET /orders', httpMethod: 'GET', httpStatusCode: 200,
      metadata: { otel: { genAi: false, kind: 'server', scope: 'interop-test' },
        attributes: { 'http.route': '/orders' } },
    });
  });
});
