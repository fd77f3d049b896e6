import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../src/migrations.js';
import { EventStore } from '../src/store.js';
import { makeEvent } from './fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'robotforge-store-'));
  dirs.push(dir);
  return join(dir, 'events.db');
}

describe('EventStore', () => {
  it('keeps events in a WAL-mode file across reopening', () => {
    const path = tempDb();
    const first = new EventStore(path);
    const event = makeEvent({ metadata: { a: 1 }, temperature: 0.2 });
    first.insert([event]);
    first.close();

    const second = new EventStore(path);
    const mode = second.db.pragma('journal_mode', { simple: true });
    const spans = second.getTrace(event.traceId);
    second.close();

    expect(mode).toBe('wal');
    expect(spans).toHaveLength(1);
    expect(spans![0]).toMatchObject({
      eventId: event.eventId, metadata: { a: 1 }, temperature: 0.2, tokens: event.tokens,
    });
  });

  it('reports how many events of a batch were new', () => {
    const store = new EventStore(':memory:');
    const [a, b] = [makeEvent(), makeEvent()];

    const first = store.insert([a]);
    const second = store.insert([a, b]);
    store.close();

    expect([first, second]).toEqual([1, 1]);
  });

  it('writes nothing of a batch that fails halfway', () => {
    const store = new EventStore(':memory:');
    const broken = { ...makeEvent(), name: null } as never;

    expect(() => store.insert([makeEvent(), broken])).toThrow(/NOT NULL/);
    expect(store.countEvents()).toBe(0);
    store.close();
  });

  it('creates the indexes the queries use', () => {
    const store = new EventStore(':memory:');
    const indexes = store.db
      .prepare("SELECT name FROM sqlite_master WHERE name LIKE 'idx_%'")
      .all()
      .map((row) => (row as { name: string }).name)
      .sort();
    store.close();

    expect(indexes).toEqual(['idx_events_trace', 'idx_traces_start']);
  });
});

describe('migrate', () => {
  const newest = MIGRATIONS.at(-1)!.version;

  it('applies each migration once and records its version', () => {
    const db = new Database(':memory:');

    const first = migrate(db);
    const second = migrate(db);
    const rows = db.prepare('SELECT version, name FROM schema_migrations').all();
    db.close();

    expect([first, second]).toEqual([newest, newest]);
    expect(rows).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
  });

  it('applies only the migrations newer than the file', () => {
    const db = new Database(':memory:');
    migrate(db);
    const extra = { version: newest + 1, name: 'extra', sql: 'CREATE TABLE extra (x)' };
    const next = [...MIGRATIONS, extra];

    const version = migrate(db, next);
    const tables = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'extra'").all();
    db.close();

    expect(version).toBe(newest + 1);
    expect(tables).toHaveLength(1);
  });

  it('refuses a file written by a newer collector', () => {
    const db = new Database(':memory:');
    migrate(db, [...MIGRATIONS, { version: 9, name: 'future', sql: 'SELECT 1' }]);

    expect(() => migrate(db)).toThrow(/schema is version 9/);
    db.close();
  });
});
