/**
 * The trace index: one `traces` row per trace (its earliest start and how
 * many of its spans failed) and one `trace_tags` row per session, user and
 * model seen in it. The trace list finds, filters and orders traces there
 * instead of grouping every stored event on each request.
 *
 * The index catches up with the events in chunks, and before each list,
 * rather than with every batch. Its rows land on pages all over its trees,
 * and a commit writes each page it touched in full: a batch of ten events
 * paid for about as many index pages as event pages. A chunk touches each
 * page once for many rows, and sorts its rows before writing them.
 */
import type { Database, Statement } from 'better-sqlite3';

/**
 * Events stored before the index catches up during ingest.
 * Limitation: a list request first indexes what is pending, up to this
 * many events: a few ms on a small store, about 0.1 s at a million events,
 * where each new trace's rows land on pages of their own.
 */
export const TRACE_INDEX_CHUNK_EVENTS = 1_000;

/** Folds the events stored since the last catch-up into the trace index. */
export class TraceIndex {
  #pending: number;
  readonly #marks: Statement;
  readonly #steps: Statement[];
  readonly #catchUp: () => void;

  /** @param db a connection whose schema is migrated. */
  constructor(private readonly db: Database) {
    // The mark is the newest rowid indexed. Rowids only grow: events are
    // never deleted, and a rolled-back batch's rowids were never committed.
    this.#marks = db.prepare(
      `SELECT indexed_rowid AS done,
        (SELECT COALESCE(MAX(rowid), 0) FROM events) AS newest
      FROM trace_index_state`,
    );
    const range = 'rowid > @done AND rowid <= @newest';
    this.#steps = [
      // The WHERE skips updates that would change nothing: most spans of a
      // trace start after its first one and do not fail.
      db.prepare(
        `INSERT INTO traces (trace_id, start_time, error_count)
        SELECT trace_id, MIN(start_time), SUM(status = 'error')
        FROM events WHERE ${range} GROUP BY trace_id
        ON CONFLICT (trace_id) DO UPDATE SET
          start_time = min(start_time, excluded.start_time),
          error_count = error_count + excluded.error_count
        WHERE excluded.start_time < start_time OR excluded.error_count > 0`,
      ),
      db.prepare(
        `INSERT INTO trace_tags (kind, value, trace_id)
        SELECT 'session', session_id, trace_id FROM events
          WHERE ${range} AND session_id IS NOT NULL
        UNION SELECT 'user', user_id, trace_id FROM events
          WHERE ${range} AND user_id IS NOT NULL
        UNION SELECT 'model', model, trace_id FROM events
          WHERE ${range} AND model IS NOT NULL
        ON CONFLICT DO NOTHING`,
      ),
      // max(): a mark read by another process on the same file may be newer.
      db.prepare(
        'UPDATE trace_index_state SET indexed_rowid = max(indexed_rowid, @newest)',
      ),
    ];
    // IMMEDIATE takes the write lock before the marks are read: read outside
    // it, a second collector on the same file could index the same range
    // too and count its errors twice. Inside an ingest transaction this is
    // a savepoint of that transaction, which already holds the lock.
    this.#catchUp = db.transaction(() => {
      const marks = this.#marks.get() as { done: number; newest: number };
      if (marks.newest <= marks.done) return;
      for (const step of this.#steps) step.run(marks);
    }).immediate;
    const { done, newest } = this.#marks.get() as { done: number; newest: number };
    this.#pending = newest - done;
  }

  /**
   * Counts `count` newly stored events, and catches up once a chunk's worth
   * is pending. Call it inside the transaction that stored them, so that a
   * catch-up commits or rolls back with them.
   */
  stored(count: number): void {
    this.#pending += count;
    if (this.#pending >= TRACE_INDEX_CHUNK_EVENTS) this.catchUp();
  }

  /** Indexes every committed event not indexed yet; cheap when there is none. */
  catchUp(): void {
    // Read without the lock first, so a list with nothing pending takes none.
    const { done, newest } = this.#marks.get() as { done: number; newest: number };
    if (newest > done) this.#catchUp();
    this.#pending = 0;
  }
}
