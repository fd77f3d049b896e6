/**
 * Turns an ended span into its wire event. This is where captured values
 * are serialized, redacted and cut to size, and where times become ISO
 * strings: work kept off the hot path of a span.
 */
import { newEventId } from './ids.js';
import { toIsoString as iso } from './time.js';
import { AgentSpan, ModelCallSpan, ToolExecutionSpan } from './kinds.js';
import type { Redactor } from './redact.js';
import type { WireError, WireEvent } from './schema.js';
import {
  describe,
  fastPaths,
  toContent,
  toJsonObject,
  type SerializeOptions,
} from './serialize.js';
import type { Span } from './span.js';

const MAX_ERROR_MESSAGE_CHARS = 8_000;
const MAX_STACK_CHARS = 16_000;
const MAX_SHORT_TEXT_CHARS = 2_000;
const MAX_URL_CHARS = 8_000;

/** What every event of one client shares. */
export interface EventContext {
  projectId?: string;
  tenantId?: string;
  applicationId?: string;
  sessionId?: string;
  userId?: string;
  sourceComponent?: string;
  captureContent: boolean;
  redactor?: Redactor;
}


const CUT_MARKER = '…[truncated]';
/** Text past the limit that is still redacted, so a secret across it is seen. */
const REDACT_MARGIN_CHARS = 256;

/**
 * Redacts, then cuts to at most `max` characters marker included, so the
 * result always fits its wire limit however much redaction grew it.
 */
function cut(value: string | undefined, max: number, redactor?: Redactor) {
  if (value === undefined) return null;
  let text = value.length > max + REDACT_MARGIN_CHARS
    ? value.slice(0, max + REDACT_MARGIN_CHARS) : value;
  // Names, models and the like come back on nearly every event: where the
  // runtime plugs in a remembering `redactShort`, each is scanned once.
  if (redactor) text = fastPaths.redactShort?.(text, redactor) ?? redactor.string(text);
  if (text.length <= max) return text;
  return text.slice(0, Math.max(0, max - CUT_MARKER.length)) + CUT_MARKER.slice(0, max);
}

/** An error as `{ type, message, stack }`, whatever was thrown. */
export function errorOf(error: unknown, redactor?: Redactor): WireError {
  try {
    if (error instanceof Error || (error && typeof error === 'object' && 'message' in error)) {
      const e = error as Error;
      // Some libraries' errors keep name 'Error'; their class says more.
      const ctor = e.constructor?.name;
      const type = e.name && e.name !== 'Error' ? e.name : ctor || e.name || 'Error';
      return {
        type: String(type).slice(0, 200),
        message: cut(String(e.message ?? ''), MAX_ERROR_MESSAGE_CHARS, redactor) ?? '',
        stack: typeof e.stack === 'string' ? cut(e.stack, MAX_STACK_CHARS, redactor) : null,
      };
    }
  } catch {
    // A throwing getter on the error: fall through to a plain description.
  }
  const message = cut(describe(error), MAX_ERROR_MESSAGE_CHARS, redactor) ?? '';
  return { type: typeof error, message, stack: null };
}

/** Builds the wire event of an ended span. Never throws. */
export function toWireEvent(span: Span, context: EventContext): WireEvent {
  const options: SerializeOptions = context.redactor ? { redactor: context.redactor } : {};
  const content = (value: unknown) =>
    context.captureContent ? (toContent(value, options) ?? null) : null;
  const latencyMs = span.latencyMs ?? 0;
  const r = context.redactor;

  const event: WireEvent = {
    eventId: newEventId(),
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    type: span.type,
    name: cut(span.name, 500, r) ?? '',
    status: span.status,
    startTime: iso(span.startTime),
    endTime: iso(span.startTime + latencyMs),
    latencyMs,
    projectId: context.projectId ?? null,
    tenantId: context.tenantId ?? null,
    applicationId: context.applicationId ?? null,
    sessionId: context.sessionId ?? null,
    userId: context.userId ?? null,
    sourceComponent: context.sourceComponent ?? null,
    input: content(span.input),
    output: content(span.output),
    metadata: span.metadata ? toJsonObject(span.metadata, options) : null,
    error: span.error === undefined ? null : errorOf(span.error, context.redactor),
  };

  if (span instanceof ModelCallSpan) {
    event.provider = cut(span.provider, MAX_SHORT_TEXT_CHARS, r);
    event.model = cut(span.model, MAX_SHORT_TEXT_CHARS, r);
    event.temperature = span.temperature ?? null;
    event.tokens = span.tokens ? { ...span.tokens } : null;
    event.cost = span.cost ?? null;
  } else if (span instanceof ToolExecutionSpan) {
    event.toolName = cut(span.toolName, MAX_SHORT_TEXT_CHARS, r);
    event.action = cut(span.action, MAX_SHORT_TEXT_CHARS, r);
    event.endpoint = cut(span.endpoint, MAX_URL_CHARS, r);
    event.httpMethod = cut(span.httpMethod, 16, r);
    event.httpStatusCode = span.httpStatusCode ?? null;
    event.requestPayload = content(span.requestPayload);
    event.responsePayload = content(span.responsePayload);
  } else if (span instanceof AgentSpan) {
    event.agentName = cut(span.agentName, MAX_SHORT_TEXT_CHARS, r);
    event.agentId = cut(span.agentId, MAX_SHORT_TEXT_CHARS, r);
  }
  return event;
}
