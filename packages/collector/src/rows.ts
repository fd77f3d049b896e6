/**
 * Conversion between wire events and `events` rows: tokens become one
 * integer column each, metadata and error become JSON text, and back.
 */
import type { Tokens, WireError, WireEvent } from '@robotforge/sdk/schema';

/** A column value as better-sqlite3 binds it. */
type Cell = string | number | null;

/** An `events` row as `SELECT *` returns it, keyed by column name. */
export type EventRow = Record<string, Cell>;

/** A stored event as the query API returns it: every field present, absent ones null. */
export interface StoredEvent {
  eventId: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  type: WireEvent['type'];
  name: string;
  status: WireEvent['status'];
  startTime: string;
  endTime: string;
  latencyMs: number;
  projectId: string | null;
  tenantId: string | null;
  applicationId: string | null;
  sessionId: string | null;
  userId: string | null;
  sourceComponent: string | null;
  input: string | null;
  output: string | null;
  metadata: Record<string, unknown> | null;
  error: WireError | null;
  provider: string | null;
  model: string | null;
  temperature: number | null;
  tokens: Tokens | null;
  cost: number | null;
  toolName: string | null;
  action: string | null;
  endpoint: string | null;
  httpMethod: string | null;
  httpStatusCode: number | null;
  requestPayload: string | null;
  responsePayload: string | null;
  agentName: string | null;
  agentId: string | null;
  receivedAt: string;
}

/** Wire fields stored as they are, paired with their column. */
const PLAIN_FIELDS = [
  ['eventId', 'event_id'],
  ['traceId', 'trace_id'],
  ['spanId', 'span_id'],
  ['parentSpanId', 'parent_span_id'],
  ['type', 'type'],
  ['name', 'name'],
  ['status', 'status'],
  ['startTime', 'start_time'],
  ['endTime', 'end_time'],
  ['latencyMs', 'latency_ms'],
  ['projectId', 'project_id'],
  ['tenantId', 'tenant_id'],
  ['applicationId', 'application_id'],
  ['sessionId', 'session_id'],
  ['userId', 'user_id'],
  ['sourceComponent', 'source_component'],
  ['input', 'input'],
  ['output', 'output'],
  ['provider', 'provider'],
  ['model', 'model'],
  ['temperature', 'temperature'],
  ['cost', 'cost'],
  ['toolName', 'tool_name'],
  ['action', 'action'],
  ['endpoint', 'endpoint'],
  ['httpMethod', 'http_method'],
  ['httpStatusCode', 'http_status_code'],
  ['requestPayload', 'request_payload'],
  ['responsePayload', 'response_payload'],
  ['agentName', 'agent_name'],
  ['agentId', 'agent_id'],
] as const;

/** Token fields, paired with their column. */
const TOKEN_FIELDS = [
  ['input', 'tokens_input'],
  ['output', 'tokens_output'],
  ['total', 'tokens_total'],
  ['cacheRead', 'tokens_cache_read'],
  ['cacheCreation', 'tokens_cache_creation'],
  ['reasoning', 'tokens_reasoning'],
] as const;

/** Every column written on insert, in order. */
export const EVENT_COLUMNS: readonly string[] = [
  ...PLAIN_FIELDS.map(([, column]) => column),
  'metadata',
  'error',
  ...TOKEN_FIELDS.map(([, column]) => column),
  'received_at',
];

/**
 * A row to insert: its values in {@link EVENT_COLUMNS} order. Positional
 * values bind faster than named ones, which better-sqlite3 looks up one
 * property at a time, and insert is the collector's hottest statement.
 */
export type InsertRow = Cell[];

/** Turns a validated event into a row to insert. */
export function eventToRow(event: WireEvent, receivedAt: string): InsertRow {
  const row: InsertRow = [];
  for (const [field] of PLAIN_FIELDS) row.push(wellFormed(event[field] ?? null));
  row.push(event.metadata ? JSON.stringify(event.metadata) : null);
  row.push(event.error ? JSON.stringify(event.error) : null);
  const { tokens } = event;
  for (const [field] of TOKEN_FIELDS) row.push(tokens?.[field] ?? null);
  row.push(receivedAt);
  return row;
}

/** ES2024's String#toWellFormed: Node 20 has it, the ES2022 lib does not type it. */
type Es2024String = string & { toWellFormed(): string };

/**
 * Replaces each lone surrogate with one U+FFFD. Without this, SQLite's UTF-8
 * text turns it into three of them on the way back.
 *
 * Limitation: the exact code unit is lost, since UTF-8 cannot hold a lone
 * surrogate. Metadata and error keep it: JSON.stringify writes it as an escape.
 */
function wellFormed(value: Cell): Cell {
  return typeof value === 'string' ? (value as Es2024String).toWellFormed() : value;
}

/** Turns a `SELECT *` row back into the event the API returns. */
export function rowToEvent(row: EventRow): StoredEvent {
  const event: Record<string, unknown> = {};
  for (const [field, column] of PLAIN_FIELDS) event[field] = row[column] ?? null;

  let tokens: Record<string, number> | null = null;
  for (const [field, column] of TOKEN_FIELDS) {
    const value = row[column];
    if (typeof value === 'number') (tokens ??= {})[field] = value;
  }
  event.tokens = tokens;
  event.metadata = parseJson(row.metadata);
  event.error = parseJson(row.error);
  event.receivedAt = row.received_at;
  return event as unknown as StoredEvent;
}

function parseJson(value: Cell | undefined): unknown {
  return typeof value === 'string' ? JSON.parse(value) : null;
}
