/**
 * The trace index: one `traces` row per trace (its earliest start and how
 * many of its spans failed) and one `trace_tags` row per session, user and
 * model seen in it. The trace list finds, filters and orders traces there
 * instead of grouping every stored event on each request.
 */
import type { Database } from 'better-sqlite3';
import { columnIndex, type InsertRow } from './rows.js';

const TRACE_ID = columnIndex('trace_id');
const START_TIME = columnIndex('start_time');
const STATUS = columnIndex('status');
/** Columns whose values the trace list filters on, by tag kind. */
const TAG_COLUMNS = [
  ['session', columnIndex('session_id')],
  ['user', columnIndex('user_id')],
  ['model', columnIndex('model')],
] as const;

/** What one batch adds to one trace. */
interface TraceDelta {
  startTime: string;
  errors: number;
  tags: Set<string>;
}

/**
 * Builds the function that folds newly stored rows into the trace index.
 * Call it inside the transaction that stored them, so that the index and
 * the events commit or roll back together; give it only rows that were
 * new, since a skipped duplicate must not count twice.
 */
export function traceIndexer(db: Database): (rows: readonly InsertRow[]) => void {
  // The WHERE skips updates that would change nothing: most spans of a
  // trace start after its first one and do not fail.
  const upsertTrace = db.prepare(
    `INSERT INTO traces (trace_id, start_time, error_count) VALUES (?, ?, ?)
    ON CONFLICT (trace_id) DO UPDATE SET
      start_time = min(start_time, excluded.start_time),
      error_count = error_count + excluded.error_count
    WHERE excluded.start_time < start_time OR excluded.error_count > 0`,
  );
  const insertTag = db.prepare(
    `INSERT INTO trace_tags (kind, value, trace_id) VALUES (?, ?, ?)
    ON CONFLICT DO NOTHING`,
  );

  return (rows) => {
    const deltas = new Map<string, TraceDelta>();
    for (const row of rows) foldRow(deltas, row);

    for (const [traceId, delta] of deltas) {
      upsertTrace.run(traceId, delta.startTime, delta.errors);
      for (const tag of delta.tags) {
        // A tag is kind and value joined by a NUL, which no kind holds.
        const at = tag.indexOf('\0');
        insertTag.run(tag.slice(0, at), tag.slice(at + 1), traceId);
      }
    }
  };
}

function foldRow(deltas: Map<string, TraceDelta>, row: InsertRow): void {
  const traceId = row[TRACE_ID] as string;
  const startTime = row[START_TIME] as string;
  let delta = deltas.get(traceId);
  if (!delta) {
    delta = { startTime, errors: 0, tags: new Set() };
    deltas.set(traceId, delta);
  } else if (startTime < delta.startTime) {
    delta.startTime = startTime;
  }

  if (row[STATUS] === 'error') delta.errors += 1;
  for (const [kind, column] of TAG_COLUMNS) {
    const value = row[column];
    if (typeof value === 'string') delta.tags.add(`${kind}\0${value}`);
  }
}
