/**
 * The wire format, as valibot schemas. The SDK builds batches that match
 * these schemas and the collector validates what it receives with them, so
 * both sides share one definition. `docs/wire-format.md` describes it in
 * prose.
 *
 * @example
 * ```ts
 * import { safeParse, WireEventSchema } from '@robotforge/sdk/schema';
 * const result = safeParse(WireEventSchema, event);
 * ```
 */
import * as v from 'valibot';

/** Event types the wire format knows today. */
export const EVENT_TYPES = ['model_call', 'tool_execution', 'agent'] as const;

/** Span and event statuses. `aborted` marks a stream the caller gave up on. */
export const EVENT_STATUSES = ['success', 'error', 'pending', 'aborted'] as const;

/** Longest string the collector accepts in `input`, `output` and payloads. */
export const MAX_WIRE_CONTENT_CHARS = 1_000_000;

/**
 * Deepest nesting accepted in `metadata`, counting the metadata object as 1.
 * Twice the SDK's own hard cap (256), so nothing the SDK builds is refused,
 * and far below the depth at which `JSON.stringify` overflows the stack.
 */
export const MAX_METADATA_DEPTH = 512;

const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const nullableString = (max = 2048) =>
  v.optional(v.nullable(v.pipe(v.string(), v.maxLength(max))));
const content = v.optional(
  v.nullable(v.pipe(v.string(), v.maxLength(MAX_WIRE_CONTENT_CHARS))),
);
const count = v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)));
const finite = v.pipe(v.number(), v.finite());
const timestamp = v.pipe(
  v.string(),
  v.regex(ISO_UTC_MS, 'ISO 8601 UTC with ms'),
  // The pattern alone lets month 13 or hour 99 through.
  v.check(isRealDate, 'not a real date and time'),
);

function isRealDate(text: string): boolean {
  const ms = Date.parse(text);
  return !Number.isNaN(ms) && new Date(ms).toISOString() === text;
}

/** Whether `value` is an object (not null, not an array) nested no deeper than `max`. */
function isShallowObject(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  // A loop rather than recursion: the point is to survive hostile depth.
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > max) return false;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return true;
}

// A custom check, not v.record: valibot's records skip the keys `__proto__`,
// `constructor` and `prototype`, which would silently lose user data. The
// object is kept as parsed; JSON.parse holds `__proto__` as an own key.
const metadata = v.custom<Record<string, unknown>>(
  (value) => isShallowObject(value, MAX_METADATA_DEPTH),
  `an object nested at most ${MAX_METADATA_DEPTH} levels deep`,
);

/** Token counts of a model call; every field is optional. */
export const TokensSchema = v.object({
  input: count,
  output: count,
  total: count,
  cacheRead: count,
  cacheCreation: count,
  reasoning: count,
});

/** A recorded error: its type (class name), message and stack. */
export const WireErrorSchema = v.object({
  type: v.pipe(v.string(), v.maxLength(512)),
  message: v.pipe(v.string(), v.maxLength(32_768)),
  stack: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(65_536)))),
});

/** One event: a finished span as it travels over the wire. */
export const WireEventSchema = v.object({
  eventId: v.pipe(v.string(), v.minLength(8), v.maxLength(64)),
  traceId: v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/, '32 lowercase hex')),
  spanId: v.pipe(v.string(), v.regex(/^[0-9a-f]{16}$/, '16 lowercase hex')),
  parentSpanId: v.nullable(
    v.pipe(v.string(), v.regex(/^[0-9a-f]{16}$/, '16 lowercase hex')),
  ),
  type: v.picklist(EVENT_TYPES),
  name: v.pipe(v.string(), v.maxLength(512)),
  status: v.picklist(EVENT_STATUSES),
  startTime: timestamp,
  endTime: timestamp,
  latencyMs: v.pipe(finite, v.minValue(0)),
  projectId: nullableString(),
  tenantId: nullableString(),
  applicationId: nullableString(),
  sessionId: nullableString(),
  userId: nullableString(),
  sourceComponent: nullableString(),
  input: content,
  output: content,
  metadata: v.optional(v.nullable(metadata)),
  error: v.optional(v.nullable(WireErrorSchema)),
  // Model calls.
  provider: nullableString(),
  model: nullableString(),
  temperature: v.optional(v.nullable(finite)),
  tokens: v.optional(v.nullable(TokensSchema)),
  cost: v.optional(v.nullable(v.pipe(finite, v.minValue(0)))),
  // Tool executions.
  toolName: nullableString(),
  action: nullableString(),
  endpoint: nullableString(8192),
  httpMethod: nullableString(16),
  httpStatusCode: v.optional(
    v.nullable(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(999))),
  ),
  requestPayload: content,
  responsePayload: content,
  // Agents.
  agentName: nullableString(),
  agentId: nullableString(),
});

/** Who sent a batch. */
export const WireSdkSchema = v.object({
  name: v.pipe(v.string(), v.maxLength(128)),
  version: v.pipe(v.string(), v.maxLength(64)),
  runtime: v.pipe(v.string(), v.maxLength(64)),
});

/**
 * The envelope of one batch. Events are checked one by one with
 * {@link WireEventSchema} so that one bad event never rejects the rest.
 */
export const WireBatchSchema = v.object({
  sentAt: timestamp,
  sdk: WireSdkSchema,
  apiKey: v.optional(v.string()),
  events: v.array(v.unknown()),
});

/** The endpoint's answer to a batch. */
export const BatchResponseSchema = v.object({
  accepted: v.pipe(v.number(), v.integer(), v.minValue(0)),
  rejected: v.array(v.object({ eventId: v.string(), reason: v.string() })),
});

export type Tokens = v.InferOutput<typeof TokensSchema>;
export type WireError = v.InferOutput<typeof WireErrorSchema>;
export type WireEvent = v.InferOutput<typeof WireEventSchema>;
export type WireSdk = v.InferOutput<typeof WireSdkSchema>;
export type EventType = (typeof EVENT_TYPES)[number];
export type EventStatus = (typeof EVENT_STATUSES)[number];
export type BatchResponse = v.InferOutput<typeof BatchResponseSchema>;

/** A batch as the SDK sends it. */
export interface WireBatch {
  sentAt: string;
  sdk: WireSdk;
  /** Only in beacon bodies, which cannot carry headers. */
  apiKey?: string;
  events: WireEvent[];
}

/**
 * Checks one event against the schema.
 * @returns the event, or the first problem as `path: message`.
 */
export function validateEvent(
  value: unknown,
): { ok: true; event: WireEvent } | { ok: false; reason: string } {
  const result = v.safeParse(WireEventSchema, value);
  if (result.success) return { ok: true, event: result.output };
  const issue = result.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, reason: path ? `${path}: ${issue.message}` : issue.message };
}

export { safeParse, parse } from 'valibot';
