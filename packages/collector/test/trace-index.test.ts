import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../src/migrations.js';
import { EVENT_COLUMNS, eventToRow } from '../src/rows.js';
import { EventStore } from '../src/store.js';
import { TRACE_INDEX_CHUNK_EVENTS } from '../src/trace-index.js';
import { T0_MS, agentTrace, hexId, makeEvent, spanAt } from './fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'robotforge-index-'));
  dirs.push(dir);
  return join(dir, 'events.db');
}

const ids = (store: EventStore, filter: Record<string, string> = {}) =>
  store.listTraces({ limit: 50, ...filter }).map((trace) => trace.traceId);

/** The index row of one trace, after the catch-up that every list starts with. */
function indexRow(store: EventStore, traceId: string) {
  store.listTraces({ limit: 1 });
  return store.db
    .prepare('SELECT start_time, error_count FROM traces WHERE trace_id = ?')
    .get(traceId);
}

const countRows = (store: EventStore, table: 'traces' | 'trace_tags') =>
  (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('trace index', () => {
  it('is filled from the events of a file written before it existed', () => {
    const path = tempDb();
    const early = agentTrace(T0_MS, { sessionId: 's-1', userId: 'u-1' });
    const late = agentTrace(T0_MS + 60_000, { sessionId: 's-2', userId: 'u-2' });
    const old = new Database(path);
    migrate(old, MIGRATIONS.slice(0, 1));
    const insert = old.prepare(
      `INSERT INTO events (${EVENT_COLUMNS.join(', ')})
      VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})`,
    );
    for (const event of [...early, ...late]) insert.run(eventToRow(event, 'then'));
    old.close();

    const store = new EventStore(path);
    const all = store.listTraces({ limit: 50 });
    const byUser = ids(store, { user: 'u-1' });
    const failed = ids(store, { status: 'error' });
    store.close();

    expect(all.map((trace) => [trace.traceId, trace.spanCount, trace.errorCount]))
      .toEqual([[late[0]!.traceId, 4, 1], [early[0]!.traceId, 4, 1]]);
    expect(byUser).toEqual([early[0]!.traceId]);
    expect(failed).toEqual([late[0]!.traceId, early[0]!.traceId]);
  });

  it('follows a trace whose spans arrive in several batches', () => {
    const store = new EventStore(':memory:');
    const traceId = hexId(32);
    const child = spanAt(traceId, T0_MS, 500, 10, { sessionId: 's-child' });
    const root = spanAt(traceId, T0_MS, 0, 1_000, {
      sessionId: 's-root', model: 'root-model', status: 'error',
    });

    store.insert([child]);
    const before = indexRow(store, traceId);
    store.insert([root]);
    const after = indexRow(store, traceId);
    const bySession = ['s-child', 's-root'].map((session) => ids(store, { session }));
    const byModel = ids(store, { model: 'root-model' });
    store.close();

    expect(before).toEqual({ start_time: child.startTime, error_count: 0 });
    expect(after).toEqual({ start_time: root.startTime, error_count: 1 });
    expect(bySession).toEqual([[traceId], [traceId]]);
    expect(byModel).toEqual([traceId]);
  });

  it('counts nothing of a repeated event or a batch rolled back', async () => {
    const store = new EventStore(':memory:');
    const failing = spanAt(hexId(32), T0_MS, 0, 10, { status: 'error' });
    store.insert([failing]);
    store.insert([failing]);
    const lost = spanAt(hexId(32), T0_MS, 0, 10);
    const broken = { ...spanAt(lost.traceId, T0_MS, 5, 10), name: null } as never;

    await expect(store.write([lost, broken])).rejects.toThrow(/NOT NULL/);
    store.listTraces({ limit: 1 });
    const traces = store.db.prepare('SELECT trace_id, error_count FROM traces').all();
    const tags = store.db.prepare('SELECT DISTINCT trace_id FROM trace_tags').all();
    store.close();

    expect(traces).toEqual([{ trace_id: failing.traceId, error_count: 1 }]);
    expect(tags).toEqual([{ trace_id: failing.traceId }]);
  });

  it('catches up during ingest once a chunk of events is stored', () => {
    const store = new EventStore(':memory:');
    const events = Array.from({ length: TRACE_INDEX_CHUNK_EVENTS }, () => makeEvent());

    store.insert(events.slice(0, -1));
    const before = countRows(store, 'traces');
    store.insert(events.slice(-1));
    const after = countRows(store, 'traces');
    store.close();

    expect([before, after]).toEqual([0, TRACE_INDEX_CHUNK_EVENTS]);
  });

  it('indexes on the next list what a crash left unindexed', () => {
    const path = tempDb();
    const first = new EventStore(path);
    const events = [makeEvent(), makeEvent(), makeEvent()];
    first.insert(events);
    // Closing the connection alone skips the catch-up that close() makes.
    first.db.close();

    const second = new EventStore(path);
    const before = countRows(second, 'traces');
    const listed = ids(second);
    const tags = countRows(second, 'trace_tags');
    second.close();

    expect(before).toBe(0);
    expect([...listed].sort()).toEqual(events.map((event) => event.traceId).sort());
    // Each event is its own trace, with one model and no session or user.
    expect(tags).toBe(3);
  });
});
