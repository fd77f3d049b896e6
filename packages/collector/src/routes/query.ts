/**
 * The read side of the API: `GET /v1/traces`, `GET /v1/traces/:traceId` and
 * `GET /v1/stats`. Query parameters are checked here; SQL lives in query.ts.
 */
import { HttpError, sendJson } from '../http.js';
import type { TraceFilter } from '../query.js';
import type { RouteHandler } from '../context.js';

/** Traces per page when `limit` is not given. */
export const DEFAULT_TRACE_PAGE_SIZE = 50;
/** Largest `limit` accepted. */
export const MAX_TRACE_PAGE_SIZE = 500;

const TRACE_ID = /^[0-9a-f]{32}$/;
const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TEXT_FILTERS = ['session', 'user', 'model'] as const;

/** Answers `GET /v1/traces`. */
export const handleListTraces: RouteHandler = (_req, res, ctx, { query }) => {
  const filter = parseTraceFilter(query);
  // One extra row tells whether another page exists.
  const rows = ctx.store.listTraces({ ...filter, limit: filter.limit + 1 });
  const traces = rows.slice(0, filter.limit);
  const last = traces.at(-1);
  const more = rows.length > filter.limit && last;
  const nextCursor = more ? encodeCursor(last.startTime, last.traceId) : null;
  sendJson(res, 200, { traces, nextCursor });
};

/** Answers `GET /v1/traces/:traceId`. */
export const handleGetTrace: RouteHandler = (_req, res, ctx, { params }) => {
  const traceId = params[0] ?? '';
  const spans = ctx.store.getTrace(traceId);
  if (!spans) throw new HttpError(404, `no trace ${traceId}`);
  sendJson(res, 200, { traceId, spans });
};

/** Answers `GET /v1/stats`. */
export const handleStats: RouteHandler = (_req, res, ctx) => {
  sendJson(res, 200, ctx.store.stats());
};

/**
 * Reads the trace list's query parameters.
 * @throws HttpError 400 naming the parameter that is wrong.
 */
export function parseTraceFilter(query: URLSearchParams): TraceFilter {
  const filter: TraceFilter = { limit: DEFAULT_TRACE_PAGE_SIZE };
  for (const name of TEXT_FILTERS) {
    const value = query.get(name);
    if (value) filter[name] = value;
  }

  const status = query.get('status');
  if (status === 'error' || status === 'success') filter.status = status;
  else if (status) throw new HttpError(400, 'status must be error or success');

  const from = query.get('from');
  const to = query.get('to');
  if (from) filter.from = parseTime('from', from);
  if (to) filter.to = parseTime('to', to);

  const limit = query.get('limit');
  if (limit) {
    const value = Number(limit);
    if (!Number.isInteger(value) || value < 1 || value > MAX_TRACE_PAGE_SIZE) {
      throw new HttpError(
        400,
        `limit must be an integer from 1 to ${MAX_TRACE_PAGE_SIZE}`,
      );
    }
    filter.limit = value;
  }

  const cursor = query.get('cursor');
  if (cursor) filter.after = decodeCursor(cursor);
  return filter;
}

/** Accepts epoch milliseconds or any date `Date.parse` reads; returns ISO UTC. */
function parseTime(name: string, value: string): string {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) {
    throw new HttpError(400, `${name} must be an ISO date or epoch milliseconds`);
  }
  return date.toISOString();
}

/** Builds the opaque cursor that points just past a trace. */
export function encodeCursor(startTime: string, traceId: string): string {
  return Buffer.from(JSON.stringify([startTime, traceId])).toString('base64url');
}

function decodeCursor(cursor: string): { startTime: string; traceId: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [startTime, traceId] = value as unknown[];
      if (typeof startTime === 'string' && ISO_UTC_MS.test(startTime)) {
        if (typeof traceId === 'string' && TRACE_ID.test(traceId)) {
          return { startTime, traceId };
        }
      }
    }
  } catch {
    // Falls through to the same answer as a well-formed but wrong cursor.
  }
  throw new HttpError(400, 'cursor is not one this collector returned');
}
