/**
 * One OTLP span as one wire event. The event type follows
 * `gen_ai.operation.name`; the GenAI attributes fill the event's fields;
 * `robotforge.*` attributes (written by the SDK's OTLP transport) restore
 * what the conventions have no name for. A span that is not GenAI at all
 * becomes a `tool_execution` named after the span, marked in its metadata,
 * so that the traces it belongs to keep their shape.
 *
 * The result is a candidate: the route validates it with the shared
 * schema before storing it.
 */
import { EVENT_STATUSES, type EventType } from '@robotforge/sdk/schema';
import { AttributeBag } from './attribute-bag.js';
import { fillAgent, fillModelCall, fillTool } from './kind-fields.js';
import {
  clip,
  isObject,
  nanosToMs,
  readAttributes,
  readEnum,
  readId,
  readNanos,
  type AttributeValue,
} from './values.js';

type Json = Record<string, unknown>;

/** What every span of one `ScopeSpans` shares. */
export interface SpanOrigin {
  resource: Map<string, AttributeValue>;
  scopeName: string | undefined;
}

const SPAN_KINDS = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'] as const;
const STATUS_CODES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const;
const STATUS_ERROR = 2;
/** Longest span name the wire format keeps. */
const MAX_NAME_CHARS = 512;

const MODEL_OPERATIONS = new Set(['chat', 'text_completion', 'embeddings',
  'generate_content']);
const AGENT_OPERATIONS = new Set(['invoke_agent', 'create_agent', 'invoke_workflow']);

/** The event type of a span: by operation, else by the SDK's own mark. */
function eventTypeOf(
  attributes: AttributeBag,
  operation: string | undefined,
): EventType | null {
  const marked = attributes.string('robotforge.type');
  if (operation && MODEL_OPERATIONS.has(operation)) return 'model_call';
  if (operation === 'execute_tool') return 'tool_execution';
  if (operation && AGENT_OPERATIONS.has(operation)) return 'agent';
  if (marked === 'model_call' || marked === 'tool_execution' || marked === 'agent') {
    return marked;
  }
  // Older instrumentations named the provider and model but no operation.
  if (attributes.hasPrefix('gen_ai.request.') || attributes.hasPrefix('gen_ai.usage.')) {
    return 'model_call';
  }
  return null;
}

/**
 * Maps a span to a wire event candidate.
 * @returns the candidate, or the reason the span cannot become an event.
 */
export function spanToEvent(
  span: unknown,
  origin: SpanOrigin,
): { ok: true; event: Json } | { ok: false; reason: string } {
  if (!isObject(span)) return { ok: false, reason: 'span is not an object' };
  const traceId = readId(span.traceId, 16);
  const spanId = readId(span.spanId, 8);
  if (!traceId) return { ok: false, reason: 'traceId: not 16 bytes of hex or base64' };
  if (!spanId) return { ok: false, reason: 'spanId: not 8 bytes of hex or base64' };
  const startNanos = readNanos(span.startTimeUnixNano);
  const endNanos = readNanos(span.endTimeUnixNano) ?? startNanos;
  if (startNanos === undefined || endNanos === undefined) {
    return { ok: false, reason: 'startTimeUnixNano: missing or not an integer' };
  }

  const attributes = new AttributeBag(readAttributes(span.attributes));
  const spanName = typeof span.name === 'string' ? span.name : '';
  const operation = attributes.string('gen_ai.operation.name');
  const genAiType = eventTypeOf(attributes, operation);
  const type = genAiType ?? 'tool_execution';
  const startMs = nanosToMs(startNanos);
  const latencyMs = Math.max(0, nanosToMs(endNanos) - startMs);
  const event: Json = {
    eventId: attributes.string('robotforge.event_id') ?? `otlp-${traceId}-${spanId}`,
    traceId,
    spanId,
    parentSpanId: readId(span.parentSpanId, 8) ?? null,
    type,
    name: clip(attributes.string('robotforge.name') ?? spanName, MAX_NAME_CHARS),
    startTime: new Date(Math.floor(startMs)).toISOString(),
    endTime: new Date(Math.floor(startMs + latencyMs)).toISOString(),
    latencyMs,
    ...statusOf(span, attributes),
    ...identityOf(attributes, origin.resource),
  };

  let metadata = attributes.json('robotforge.metadata');
  if (!isObject(metadata)) metadata = {};
  const found = metadata as Json;
  if (type === 'model_call') fillModelCall(event, attributes, found, operation);
  else if (type === 'agent') fillAgent(event, attributes, spanName);
  else fillTool(event, attributes, spanName, found);

  const kind = SPAN_KINDS[readEnum(span.kind, SPAN_KINDS)] ?? SPAN_KINDS[0];
  if (!genAiType) {
    found.otel = { genAi: false, kind: kind.slice('SPAN_KIND_'.length).toLowerCase(),
      scope: origin.scopeName ?? null };
  }
  const rest = attributes.rest();
  if (rest) found.attributes = rest;
  event.metadata = Object.keys(found).length > 0 ? found : null;
  return { ok: true, event };
}

function statusOf(span: Json, attributes: AttributeBag): Json {
  const status = isObject(span.status) ? span.status : {};
  const failed = readEnum(status.code, STATUS_CODES) === STATUS_ERROR;
  const marked = attributes.string('robotforge.status');
  const errorType = attributes.string('error.type');
  const exception = exceptionOf(span.events);

  const known = (EVENT_STATUSES as readonly string[]).includes(marked ?? '');
  const value = failed ? 'error' : known ? marked : 'success';
  if (value !== 'error') return { status: value, error: null };
  const message = typeof status.message === 'string' && status.message
    ? status.message
    : (exception?.string('exception.message') ?? '');
  return {
    status: 'error',
    error: {
      type: clip(exception?.string('exception.type') ?? errorType ?? 'Error', 512),
      message: clip(message, 32_768),
      stack: clip(exception?.string('exception.stacktrace') ?? '', 65_536) || null,
    },
  };
}

/** The attributes of the span's first `exception` event, if any. */
function exceptionOf(events: unknown): AttributeBag | undefined {
  if (!Array.isArray(events)) return undefined;
  const found = events.find((e) => isObject(e) && e.name === 'exception');
  return found ? new AttributeBag(readAttributes((found as Json).attributes)) : undefined;
}

function identityOf(attributes: AttributeBag, resource: Map<string, AttributeValue>): Json {
  const service = resource.get('service.name');
  const application = typeof service === 'string' && !service.startsWith('unknown_service')
    ? service : null;
  return {
    projectId: attributes.string('robotforge.project.id') ?? null,
    tenantId: attributes.string('robotforge.tenant.id') ?? null,
    applicationId: attributes.string('robotforge.application.id') ?? application,
    sessionId: attributes.string('robotforge.session.id', 'gen_ai.conversation.id',
      'session.id') ?? null,
    userId: attributes.string('robotforge.user.id', 'user.id', 'enduser.id') ?? null,
    sourceComponent: attributes.string('robotforge.source_component') ?? null,
  };
}
