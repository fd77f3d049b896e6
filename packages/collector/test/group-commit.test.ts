import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningCollector } from '../src/index.js';
import { EventStore } from '../src/store.js';
import { makeBatch, makeEvent, postBatch, startTestCollector } from './fixtures.js';

const dirs: string[] = [];
let collector: RunningCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'robotforge-group-'));
  dirs.push(dir);
  return join(dir, 'events.db');
}

/** Counts events through a second connection, which sees committed rows only. */
function countCommitted(path: string): number {
  const reader = new Database(path, { readonly: true });
  const row = reader.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number };
  reader.close();
  return row.n;
}

/** Makes SQLite refuse any event named `name`, the way a broken row would fail. */
function refuseName(db: Database.Database, name: string, how = 'ABORT'): void {
  db.exec(`CREATE TRIGGER refuse_${how} BEFORE INSERT ON events
    WHEN NEW.name = '${name}' BEGIN SELECT RAISE(${how}, 'refused'); END`);
}

describe('EventStore.write (group commit)', () => {
  it('rolls back a failing batch alone and rejects only its promise', async () => {
    const store = new EventStore(':memory:');
    refuseName(store.db, 'boom');
    const first = makeEvent();
    const halfway = makeEvent();
    const last = makeEvent();

    const outcomes = await Promise.allSettled([
      store.write([first]),
      store.write([halfway, makeEvent({ name: 'boom' })]),
      store.write([last]),
    ]);

    const statuses = outcomes.map((o) => o.status);
    expect(statuses).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[0] as PromiseFulfilledResult<number>).value).toBe(1);
    expect((outcomes[2] as PromiseFulfilledResult<number>).value).toBe(1);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/refused/);
    expect(store.countEvents()).toBe(2);
    expect(store.getTrace(halfway.traceId)).toBeUndefined();
    expect(store.getTrace(last.traceId)).toHaveLength(1);
    store.close();
  });

  it('rejects every batch of a group that SQLite rolls back whole', async () => {
    const store = new EventStore(':memory:');
    refuseName(store.db, 'boom', 'ROLLBACK');

    const outcomes = await Promise.allSettled([
      store.write([makeEvent()]),
      store.write([makeEvent({ name: 'boom' })]),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(store.countEvents()).toBe(0);
    // The next group starts on a clean connection.
    await expect(store.write([makeEvent()])).resolves.toBe(1);
    store.close();
  });

  it('stores an event sent in two batches of one group once', async () => {
    const store = new EventStore(':memory:');
    const [a, b, c] = [makeEvent(), makeEvent(), makeEvent()];

    const counts = await Promise.all([store.write([a, b]), store.write([b, c])]);

    expect(counts).toEqual([2, 1]);
    expect(store.countEvents()).toBe(3);
    store.close();
  });

  it('resolves only once the rows are committed', async () => {
    const path = tempDb();
    const store = new EventStore(path);
    const seen: number[] = [];

    const writes = [store.write([makeEvent()]), store.write([makeEvent(), makeEvent()])];
    seen.push(countCommitted(path));
    const counts = await Promise.all(
      writes.map((write) => write.then((n) => (seen.push(countCommitted(path)), n))),
    );
    store.close();

    expect(counts).toEqual([1, 2]);
    expect(seen).toEqual([0, 3, 3]);
  });

  it('writes the batches still queued when the store closes', async () => {
    const path = tempDb();
    const store = new EventStore(path);

    const pending = store.write([makeEvent(), makeEvent()]);
    store.close();

    await expect(pending).resolves.toBe(2);
    expect(countCommitted(path)).toBe(2);
    await expect(store.write([makeEvent()])).rejects.toThrow(/closed/);
  });
});

describe('POST /v1/events with group commit', () => {
  it('answers 500 only to the request whose batch failed', async () => {
    collector = await startTestCollector({ rateLimit: false });
    refuseName(collector.store.db, 'boom');
    const good = makeEvent();
    const bad = makeEvent({ name: 'boom' });

    const [ok, failed] = await Promise.all([
      postBatch(collector.url, makeBatch([good])),
      postBatch(collector.url, makeBatch([makeEvent(), bad])),
    ]);

    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ accepted: 1, rejected: [] });
    expect(failed.status).toBe(500);
    expect(failed.json).toEqual({ error: 'internal error' });
    expect(collector.store.countEvents()).toBe(1);
    expect(collector.store.getTrace(good.traceId)).toHaveLength(1);
  });

  it('answers after the batch is committed', async () => {
    const path = tempDb();
    collector = await startTestCollector({ db: path, rateLimit: false });

    const answers = await Promise.all([1, 2, 3].map(async (n) => {
      const events = Array.from({ length: n }, () => makeEvent());
      const answer = await postBatch(collector!.url, makeBatch(events));
      return { n, status: answer.status, committed: countCommitted(path) };
    }));

    // Each answer finds at least its own batch committed; the last one all six.
    for (const { n, status, committed } of answers) {
      expect(status).toBe(200);
      expect(committed).toBeGreaterThanOrEqual(n);
    }
    expect(Math.max(...answers.map((answer) => answer.committed))).toBe(6);
  });
});
