/**
 * Group commit: the batches of requests that arrive in the same turn of the
 * event loop are written in one SQLite transaction, so that a commit (the
 * costly part of a small batch) is paid once per turn instead of once per
 * request. Each batch keeps its own savepoint inside that transaction: a
 * batch that fails is rolled back alone and only its request sees the error.
 */
import type { Database } from 'better-sqlite3';

/** One batch waiting for the next group's transaction. */
interface PendingBatch<Row> {
  rows: Row[];
  resolve: (inserted: number) => void;
  reject: (error: unknown) => void;
}

/** How one batch of a group ended, known only once the group has committed. */
type Outcome = { ok: true; inserted: number } | { ok: false; error: unknown };

/** Queues batches and writes each turn's worth of them in one transaction. */
export class GroupCommit<Row> {
  #pending: PendingBatch<Row>[] = [];
  #scheduled = false;
  readonly #writeGroup: (batches: PendingBatch<Row>[]) => Outcome[];

  /**
   * @param db the connection to write on.
   * @param insertBatch writes one batch and returns how many rows were new;
   *   it must be a `db.transaction` function, so that nested in the group's
   *   transaction it runs as a savepoint of its own.
   */
  constructor(
    private readonly db: Database,
    insertBatch: (rows: Row[]) => number,
  ) {
    this.#writeGroup = db.transaction((batches: PendingBatch<Row>[]) =>
      batches.map((batch): Outcome => {
        try {
          return { ok: true, inserted: insertBatch(batch.rows) };
        } catch (error) {
          // Some errors (a full disk, an I/O error) make SQLite roll back the
          // whole transaction, not just the savepoint; then nothing of the
          // group is stored, and every request of it must hear so.
          if (!db.inTransaction) throw error;
          return { ok: false, error };
        }
      }),
    );
  }

  /**
   * Queues one batch for the next group.
   * @returns how many of its rows were new, once the group has committed;
   *   rejects with the batch's own error, or the group's when the commit fails.
   */
  write(rows: Row[]): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ rows, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      // setImmediate runs after the I/O callbacks of this turn, so every
      // request whose body completed in this turn joins the group.
      setImmediate(() => this.flush());
    });
  }

  /** Writes every queued batch now, in one transaction. */
  flush(): void {
    this.#scheduled = false;
    const batches = this.#pending.splice(0);
    if (batches.length === 0) return;

    let outcomes: Outcome[];
    try {
      if (!this.db.open) throw new Error('the store is closed');
      outcomes = this.#writeGroup(batches);
    } catch (error) {
      for (const batch of batches) batch.reject(error);
      return;
    }

    batches.forEach((batch, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) batch.resolve(outcome.inserted);
      else batch.reject(outcome.error);
    });
  }
}
