/**
 * The SQLite store: opens the file, migrates it, writes batches, and hands
 * reads to `query.ts`.
 */
import Database from 'better-sqlite3';
import type { WireEvent } from '@robotforge/sdk/schema';
import { GroupCommit } from './group-commit.js';
import { migrate } from './migrations.js';
import { getTrace, listTraces, type TraceFilter, type TraceSummary } from './query.js';
import { EVENT_COLUMNS, eventToRow, type InsertRow, type StoredEvent } from './rows.js';
import { getStats, type Stats } from './stats.js';
import { TraceIndex } from './trace-index.js';

/** How long a write waits for another process holding the file, in ms. */
const BUSY_TIMEOUT_MS = 5_000;

/** Events stored in SQLite, each once per `eventId`. */
export class EventStore {
  /** The better-sqlite3 handle, for tests and tools that need raw SQL. */
  readonly db: Database.Database;
  readonly #insertBatch: (rows: InsertRow[]) => number;
  readonly #group: GroupCommit<InsertRow>;
  readonly #traceIndex: TraceIndex;

  /** Opens (or creates) the file at `path`, or an in-memory store for `':memory:'`. */
  constructor(readonly path: string) {
    this.db = new Database(path);
    // WAL lets the viewer read while a batch is being written. With
    // synchronous=NORMAL a commit survives the collector crashing but may be
    // lost if the machine loses power before the next checkpoint: a fair
    // trade for a local development collector, and much faster than FULL.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    migrate(this.db);

    // Skips only a repeated eventId. Unlike INSERT OR IGNORE, a row that
    // breaks another constraint fails the batch instead of vanishing.
    const insert = this.db.prepare(
      `INSERT INTO events (${EVENT_COLUMNS.join(', ')})
      VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})
      ON CONFLICT (event_id) DO NOTHING`,
    );
    this.#traceIndex = new TraceIndex(this.db);
    // One transaction per batch: a crash leaves all of a batch or none of it.
    this.#insertBatch = this.db.transaction((rows: InsertRow[]) => {
      let inserted = 0;
      for (const row of rows) inserted += insert.run(row).changes;
      this.#traceIndex.stored(inserted);
      return inserted;
    });
    this.#group = new GroupCommit(this.db, this.#insertBatch);
  }

  /**
   * Stores validated events. An `eventId` already stored is skipped, which
   * makes retried batches harmless.
   * @returns how many events were new.
   */
  insert(events: readonly WireEvent[], receivedAt = new Date().toISOString()): number {
    if (events.length === 0) return 0;
    return this.#insertBatch(events.map((event) => eventToRow(event, receivedAt)));
  }

  /**
   * Stores validated events like {@link insert}, but in one transaction with
   * the other batches written in the same turn of the event loop.
   * @returns how many events were new, once they are committed; rejects when
   *   this batch (or the commit of its group) fails, and then stores none of it.
   */
  write(events: readonly WireEvent[], receivedAt = new Date().toISOString()): Promise<number> {
    if (events.length === 0) return Promise.resolve(0);
    return this.#group.write(events.map((event) => eventToRow(event, receivedAt)));
  }

  /** Number of stored events. */
  countEvents(): number {
    const row = this.db.prepare('SELECT COUNT(*) AS n FROM events').get();
    return (row as { n: number }).n;
  }

  /** See {@link listTraces}; first indexes the events stored since the last catch-up. */
  listTraces(filter: TraceFilter): TraceSummary[] {
    this.#traceIndex.catchUp();
    return listTraces(this.db, filter);
  }

  /** See {@link getTrace}. */
  getTrace(traceId: string): StoredEvent[] | undefined {
    return getTrace(this.db, traceId);
  }

  /** See {@link getStats}. */
  stats(): Stats {
    return getStats(this.db);
  }

  /** Writes the batches still queued, then closes the file for good. */
  close(): void {
    if (!this.db.open) return;
    this.#group.flush();
    this.#traceIndex.catchUp();
    this.db.close();
  }
}
