/**
 * Wire events as OTLP spans that follow the OpenTelemetry GenAI semantic
 * conventions: model calls become `chat` (or `embeddings`,
 * `text_completion`) CLIENT spans, tool executions `execute_tool` and
 * agents `invoke_agent` INTERNAL spans. What the conventions have no name
 * for (cost, session, user, event id, metadata) goes under `robotforge.*`,
 * so that a RobotForge collector can rebuild the event from the span.
 * `docs/opentelemetry.md` has the full table.
 */
import {
  AttributeList,
  SPAN_FLAG_SAMPLED,
  SPAN_KIND,
  STATUS_CODE,
  unixNanos,
  type OtlpSpan,
  type OtlpSpanEvent,
} from './otlp-attributes.js';
import { toInputMessages, toOutputMessages } from './otlp-messages.js';
import type { WireEvent } from '../core/schema.js';

type Json = Record<string, unknown>;

/** `gen_ai.operation.name` values a model call may take from `metadata.operation`. */
export const MODEL_OPERATIONS = ['chat', 'text_completion', 'embeddings',
  'generate_content'];

/** Common spellings of providers, to the conventions' well-known values. */
const PROVIDER_NAMES: Record<string, string> = {
  google: 'gcp.gen_ai', gemini: 'gcp.gemini', vertex: 'gcp.vertex_ai',
  'vertex-ai': 'gcp.vertex_ai', bedrock: 'aws.bedrock', 'amazon-bedrock': 'aws.bedrock',
  azure: 'azure.ai.openai', 'azure-openai': 'azure.ai.openai', mistral: 'mistral_ai',
  xai: 'x_ai', 'x-ai': 'x_ai', watsonx: 'ibm.watsonx.ai',
};

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const firstNumber = (...values: unknown[]) =>
  values.find((v): v is number => typeof v === 'number' && Number.isFinite(v));
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The conventions' provider name for a RobotForge provider string. */
export function providerName(provider: string): string {
  return PROVIDER_NAMES[provider.toLowerCase()] ?? provider;
}

/** A model call's operation: `metadata.operation`, else by name, else `chat`. */
export function modelOperation(event: WireEvent): string {
  const declared = event.metadata?.operation;
  if (typeof declared === 'string' && MODEL_OPERATIONS.includes(declared)) return declared;
  if (/embedding/i.test(event.name) || typeof event.metadata?.embeddings === 'number') {
    return 'embeddings';
  }
  return 'chat';
}

/** Turns one wire event into one OTLP span. Never throws on a valid event. */
export function toOtlpSpan(event: WireEvent): OtlpSpan {
  const attributes = new AttributeList();
  let name: string;
  if (event.type === 'model_call') {
    const operation = modelOperation(event);
    name = event.model ? `${operation} ${event.model}` : operation;
    modelAttributes(event, operation, attributes);
  } else if (event.type === 'tool_execution') {
    name = `execute_tool ${event.toolName || event.name}`;
    toolAttributes(event, attributes);
  } else {
    name = `invoke_agent ${event.agentName || event.name}`;
    agentAttributes(event, attributes);
  }
  robotforgeAttributes(event, attributes);

  const startMs = Date.parse(event.startTime);
  const endTimeUnixNano = unixNanos(startMs, event.latencyMs);
  const failed = event.status === 'error';
  return {
    traceId: event.traceId,
    spanId: event.spanId,
    ...(event.parentSpanId && { parentSpanId: event.parentSpanId }),
    flags: SPAN_FLAG_SAMPLED,
    name,
    kind: event.type === 'model_call' ? SPAN_KIND.client : SPAN_KIND.internal,
    startTimeUnixNano: unixNanos(startMs),
    endTimeUnixNano,
    attributes: attributes.items,
    events: event.error ? [exceptionEvent(event, endTimeUnixNano)] : [],
    status: failed
      ? { code: STATUS_CODE.error, message: event.error?.message ?? '' }
      : { code: STATUS_CODE.unset },
  };
}

function modelAttributes(event: WireEvent, operation: string, a: AttributeList): void {
  const metadata = event.metadata ?? {};
  const params = isObject(metadata.parameters) ? metadata.parameters : {};
  a.put('gen_ai.operation.name', operation)
    .put('gen_ai.provider.name', event.provider ? providerName(event.provider) : undefined)
    .put('gen_ai.request.model', event.model)
    .putDouble('gen_ai.request.temperature',
      firstNumber(event.temperature, params.temperature, metadata.temperature))
    .putInt('gen_ai.request.max_tokens', firstNumber(params.max_tokens,
      params.max_completion_tokens, params.max_output_tokens, metadata.maxTokens))
    .putDouble('gen_ai.request.top_p', firstNumber(params.top_p, metadata.topP))
    .putDouble('gen_ai.request.top_k', firstNumber(params.top_k, metadata.topK))
    .putDouble('gen_ai.request.frequency_penalty', params.frequency_penalty)
    .putDouble('gen_ai.request.presence_penalty', params.presence_penalty)
    .putInt('gen_ai.request.seed', params.seed)
    .put('gen_ai.request.stop_sequences',
      stopSequences(params.stop_sequences ?? params.stop))
    .putInt('gen_ai.request.choice.count', params.n === 1 ? undefined : params.n)
    .putInt('gen_ai.embeddings.dimension.count', params.dimensions)
    .put('gen_ai.request.encoding_formats', stopSequences(params.encoding_format))
    .put('gen_ai.request.stream', metadata.stream === true ? true : undefined)
    .put('gen_ai.conversation.id', text(metadata.conversationId))
    .put('gen_ai.response.id', text(metadata.responseId))
    .put('gen_ai.response.model', text(metadata.responseModel))
    .put('gen_ai.response.finish_reasons', finishReasons(metadata))
    .putDouble('gen_ai.response.time_to_first_chunk',
      typeof metadata.timeToFirstTokenMs === 'number'
        ? metadata.timeToFirstTokenMs / 1000 : undefined);

  const tokens = event.tokens ?? {};
  a.putInt('gen_ai.usage.input_tokens', tokens.input)
    .putInt('gen_ai.usage.output_tokens', tokens.output)
    .putInt('gen_ai.usage.cache_read.input_tokens', tokens.cacheRead)
    .putInt('gen_ai.usage.cache_creation.input_tokens', tokens.cacheCreation)
    .putInt('gen_ai.usage.reasoning.output_tokens', tokens.reasoning)
    .putInt('robotforge.usage.total_tokens', tokens.total);

  const input = event.input ? toInputMessages(event.input) : undefined;
  if (input) {
    a.put('gen_ai.input.messages', JSON.stringify(input.messages));
    if (input.system) a.put('gen_ai.system_instructions', JSON.stringify(input.system));
  } else a.put('robotforge.input', event.input);

  const failed = event.status === 'error';
  const reason = finishReasons(metadata)?.[0] ?? (failed ? 'error' : 'stop');
  const output = event.output ? toOutputMessages(event.output, reason) : undefined;
  if (output) a.put('gen_ai.output.messages', JSON.stringify(output));
  else a.put('robotforge.output', event.output);
}

function toolAttributes(event: WireEvent, a: AttributeList): void {
  const metadata = event.metadata ?? {};
  a.put('gen_ai.operation.name', 'execute_tool')
    .put('gen_ai.tool.name', event.toolName || event.name)
    .put('gen_ai.tool.call.id', text(metadata.toolCallId))
    .put('gen_ai.tool.type', text(metadata.toolType))
    .put('gen_ai.tool.description', text(metadata.toolDescription))
    .put('gen_ai.tool.call.arguments', event.input)
    .put('gen_ai.tool.call.result', event.output)
    .put('url.full', event.endpoint)
    .put('http.request.method', event.httpMethod)
    .putInt('http.response.status_code', event.httpStatusCode)
    .put('robotforge.tool.action', event.action)
    .put('robotforge.tool.request_payload', event.requestPayload)
    .put('robotforge.tool.response_payload', event.responsePayload);
}

function agentAttributes(event: WireEvent, a: AttributeList): void {
  const metadata = event.metadata ?? {};
  a.put('gen_ai.operation.name', 'invoke_agent')
    .put('gen_ai.agent.name', event.agentName || event.name)
    .put('gen_ai.agent.id', event.agentId)
    .put('gen_ai.agent.description', text(metadata.agentDescription))
    .put('gen_ai.conversation.id', text(metadata.conversationId))
    .put('robotforge.input', event.input)
    .put('robotforge.output', event.output);
}

function robotforgeAttributes(event: WireEvent, a: AttributeList): void {
  if (event.error) a.put('error.type', event.error.type || '_OTHER');
  else if (event.status === 'error') a.put('error.type', '_OTHER');
  a.put('robotforge.event_id', event.eventId)
    .put('robotforge.type', event.type)
    .put('robotforge.name', event.name)
    .put('robotforge.status', event.status)
    .putDouble('robotforge.cost', event.cost)
    .put('robotforge.project.id', event.projectId)
    .put('robotforge.tenant.id', event.tenantId)
    .put('robotforge.application.id', event.applicationId)
    .put('robotforge.session.id', event.sessionId)
    .put('robotforge.user.id', event.userId)
    .put('robotforge.source_component', event.sourceComponent)
    .put('robotforge.metadata', event.metadata ? safeJson(event.metadata) : undefined);
}

function exceptionEvent(event: WireEvent, timeUnixNano: string): OtlpSpanEvent {
  const error = event.error!;
  const attributes = new AttributeList()
    .put('exception.type', error.type)
    .put('exception.message', error.message)
    .put('exception.stacktrace', error.stack);
  return { timeUnixNano, name: 'exception', attributes: attributes.items };
}

function finishReasons(metadata: Json): string[] | undefined {
  const many = metadata.finishReasons;
  if (Array.isArray(many)) {
    const reasons = many.filter((r): r is string => typeof r === 'string');
    return reasons.length > 0 ? reasons : undefined;
  }
  return typeof metadata.finishReason === 'string' ? [metadata.finishReason] : undefined;
}

function stopSequences(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return undefined;
  const strings = value.filter((item): item is string => typeof item === 'string');
  return strings.length > 0 ? strings : undefined;
}

function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
