/**
 * Read queries behind the trace API: the trace list and one trace.
 * Every value reaches SQL as a bound parameter; only constant fragments are
 * ever joined into the SQL text.
 */
import type { Database } from 'better-sqlite3';
import { type EventRow, type StoredEvent, rowToEvent } from './rows.js';

/** Tokens of one event: its total, else input plus output. */
export const TOKENS_SQL =
  'COALESCE(tokens_total, COALESCE(tokens_input, 0) + COALESCE(tokens_output, 0))';
/**
 * Sum of tokens over model calls only. Agent spans may carry usage rolled
 * up from their model calls; counting both would double it.
 */
export const MODEL_TOKENS_SQL =
  `SUM(CASE WHEN type = 'model_call' THEN ${TOKENS_SQL} ELSE 0 END)`;
/**
 * Sum of the known costs of model calls only, for the same reason. NULL
 * when there are model calls and none has a known cost (an unknown model
 * is never worth $0); 0 when there are no model calls at all.
 */
export const MODEL_COST_SQL =
  "CASE WHEN COUNT(CASE WHEN type = 'model_call' THEN 1 END) = 0 THEN 0 " +
  "ELSE SUM(CASE WHEN type = 'model_call' THEN cost END) END";

/** Filters and paging of the trace list. Only `limit` is required. */
export interface TraceFilter {
  /** Traces with at least one span of this session. */
  session?: string;
  /** Traces with at least one span of this user. */
  user?: string;
  /** Traces with at least one span calling this model. */
  model?: string;
  /** `error`: at least one error span; `success`: none. */
  status?: 'error' | 'success';
  /** Traces starting at or after this ISO time. */
  from?: string;
  /** Traces starting at or before this ISO time. */
  to?: string;
  /** Page size. */
  limit: number;
  /** Start after this trace, as returned in the previous page's cursor. */
  after?: { startTime: string; traceId: string };
}

/** One row of the trace list. */
export interface TraceSummary {
  traceId: string;
  rootName: string | null;
  rootType: string | null;
  startTime: string;
  durationMs: number;
  spanCount: number;
  totalTokens: number;
  /** Known costs of its model calls; null when none of them has one. */
  totalCost: number | null;
  errorCount: number;
  sessionId: string | null;
  userId: string | null;
}

interface SummaryRow {
  trace_id: string;
  start_time: string;
  end_time: string;
  span_count: number;
  total_tokens: number;
  total_cost: number | null;
  error_count: number;
  session_id: string | null;
  user_id: string | null;
}

/** The trace index's conditions for each filter; values stay parameters. */
const tagFilterSql = (kind: 'session' | 'user' | 'model') =>
  `t.trace_id IN (SELECT trace_id FROM trace_tags WHERE kind = '${kind}' ` +
  `AND value = @${kind})`;

/**
 * Newest traces first, one page of them, matching `filter`.
 *
 * The page is found in the trace index (`trace-index.ts`), so its cost
 * follows the page size rather than the number of stored events; the figures
 * it shows are then summed from the page's own events, as they always were.
 * Limitation: a session, user or model filter reads every trace carrying
 * that value before ordering them, so a model used by a quarter of a million
 * traces costs about 90 ms; a session or user, far fewer traces, a few ms.
 * Limitation: two events with the same spanId (a retried span under new
 * eventIds) are counted as two spans, since only eventId is deduplicated.
 */
export function listTraces(db: Database, filter: TraceFilter): TraceSummary[] {
  const where: string[] = [];
  if (filter.session !== undefined) where.push(tagFilterSql('session'));
  if (filter.user !== undefined) where.push(tagFilterSql('user'));
  if (filter.model !== undefined) where.push(tagFilterSql('model'));
  if (filter.status === 'error') where.push('t.error_count > 0');
  if (filter.status === 'success') where.push('t.error_count = 0');
  if (filter.from !== undefined) where.push('t.start_time >= @from');
  if (filter.to !== undefined) where.push('t.start_time <= @to');
  if (filter.after) where.push('(t.start_time, t.trace_id) < (@afterTime, @afterId)');

  const rows = db
    .prepare(
      `WITH page AS (
        SELECT t.trace_id FROM traces t
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY t.start_time DESC, t.trace_id DESC LIMIT @limit
      )
      SELECT trace_id, MIN(start_time) AS start_time, MAX(end_time) AS end_time,
        COUNT(*) AS span_count, ${MODEL_TOKENS_SQL} AS total_tokens,
        ${MODEL_COST_SQL} AS total_cost, SUM(status = 'error') AS error_count,
        MAX(session_id) AS session_id, MAX(user_id) AS user_id
      FROM events WHERE trace_id IN page
      GROUP BY trace_id
      ORDER BY start_time DESC, trace_id DESC`,
    )
    .all({
      session: filter.session,
      user: filter.user,
      model: filter.model,
      from: filter.from,
      to: filter.to,
      afterTime: filter.after?.startTime,
      afterId: filter.after?.traceId,
      limit: filter.limit,
    }) as SummaryRow[];

  const roots = findRoots(db, rows.map((row) => row.trace_id));
  return rows.map((row) => ({
    traceId: row.trace_id,
    rootName: roots.get(row.trace_id)?.name ?? null,
    rootType: roots.get(row.trace_id)?.type ?? null,
    startTime: row.start_time,
    durationMs: Math.max(0, Date.parse(row.end_time) - Date.parse(row.start_time)),
    spanCount: row.span_count,
    totalTokens: row.total_tokens,
    totalCost: row.total_cost,
    errorCount: row.error_count,
    sessionId: row.session_id,
    userId: row.user_id,
  }));
}

/**
 * The root span of each trace: one without a parent, else (when the parent
 * never arrived) the earliest orphan.
 */
function findRoots(db: Database, traceIds: string[]) {
  const roots = new Map<string, { name: string; type: string }>();
  if (traceIds.length === 0) return roots;
  const rows = db
    .prepare(
      `SELECT trace_id, name, type FROM events r
      WHERE trace_id IN (SELECT value FROM json_each(?))
        AND (parent_span_id IS NULL OR NOT EXISTS (
          SELECT 1 FROM events p
          WHERE p.trace_id = r.trace_id AND p.span_id = r.parent_span_id))
      ORDER BY trace_id, parent_span_id IS NOT NULL, start_time`,
    )
    .all(JSON.stringify(traceIds)) as { trace_id: string; name: string; type: string }[];
  for (const row of rows) if (!roots.has(row.trace_id)) roots.set(row.trace_id, row);
  return roots;
}

/** Every event of one trace in start order, or undefined when none is stored. */
export function getTrace(db: Database, traceId: string): StoredEvent[] | undefined {
  const rows = db
    .prepare('SELECT * FROM events WHERE trace_id = ? ORDER BY start_time, rowid')
    .all(traceId) as EventRow[];
  return rows.length ? rows.map(rowToEvent) : undefined;
}
