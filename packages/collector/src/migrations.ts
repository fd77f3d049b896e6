/**
 * Versioned schema changes. Each migration runs once, in order, inside a
 * transaction, and is recorded in `schema_migrations`. Add new steps at the
 * end; never edit one that has shipped.
 */
import type { Database } from 'better-sqlite3';

/** One step of the schema. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events table',
    sql: `
      CREATE TABLE events (
        event_id TEXT PRIMARY KEY,
        trace_id TEXT NOT NULL,
        span_id TEXT NOT NULL,
        parent_span_id TEXT,
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        status TEXT NOT NULL,
        start_time TEXT NOT NULL,
        end_time TEXT NOT NULL,
        latency_ms REAL NOT NULL,
        project_id TEXT,
        tenant_id TEXT,
        application_id TEXT,
        session_id TEXT,
        user_id TEXT,
        source_component TEXT,
        input TEXT,
        output TEXT,
        metadata TEXT,
        error TEXT,
        provider TEXT,
        model TEXT,
        temperature REAL,
        tokens_input INTEGER,
        tokens_output INTEGER,
        tokens_total INTEGER,
        tokens_cache_read INTEGER,
        tokens_cache_creation INTEGER,
        tokens_reasoning INTEGER,
        cost REAL,
        tool_name TEXT,
        action TEXT,
        endpoint TEXT,
        http_method TEXT,
        http_status_code INTEGER,
        request_payload TEXT,
        response_payload TEXT,
        agent_name TEXT,
        agent_id TEXT,
        received_at TEXT NOT NULL
      );
      CREATE INDEX idx_events_trace ON events (trace_id, span_id);
      CREATE INDEX idx_events_start ON events (start_time);
      CREATE INDEX idx_events_session ON events (session_id);
      CREATE INDEX idx_events_user ON events (user_id);
      CREATE INDEX idx_events_model ON events (model);
      CREATE INDEX idx_events_status ON events (status);
    `,
  },
  {
    version: 2,
    name: 'trace index kept at ingest',
    // The trace list used to group every event on each call. These tables
    // hold what finds, filters and orders traces, caught up with the events
    // in chunks (see trace-index.ts); the columns a page shows are still
    // summed from its own events. The events indexes below served only
    // that grouping, and each cost a write per event.
    sql: `
      CREATE TABLE traces (
        trace_id TEXT PRIMARY KEY,
        start_time TEXT NOT NULL,
        error_count INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX idx_traces_start ON traces (start_time, trace_id);
      CREATE TABLE trace_tags (
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        trace_id TEXT NOT NULL,
        PRIMARY KEY (kind, value, trace_id)
      ) WITHOUT ROWID;

      INSERT INTO traces (trace_id, start_time, error_count)
        SELECT trace_id, MIN(start_time), SUM(status = 'error')
        FROM events GROUP BY trace_id;
      INSERT INTO trace_tags (kind, value, trace_id)
        SELECT 'session', session_id, trace_id FROM events WHERE session_id IS NOT NULL
        UNION SELECT 'user', user_id, trace_id FROM events WHERE user_id IS NOT NULL
        UNION SELECT 'model', model, trace_id FROM events WHERE model IS NOT NULL;

      DROP INDEX idx_events_start;
      DROP INDEX idx_events_session;
      DROP INDEX idx_events_user;
      DROP INDEX idx_events_model;
      DROP INDEX idx_events_status;
    `,
  },
  {
    version: 3,
    name: 'trace index caught up in chunks',
    // Version 2 indexed each batch as it was stored, so every event is
    // indexed by now; from here the index follows the events in chunks and
    // remembers the newest rowid it has folded in.
    sql: `
      CREATE TABLE trace_index_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        indexed_rowid INTEGER NOT NULL
      );
      INSERT INTO trace_index_state (id, indexed_rowid)
        SELECT 1, COALESCE(MAX(rowid), 0) FROM events;
    `,
  },
];

/**
 * Brings `db` up to the newest schema.
 * @returns the schema version after migrating.
 * @throws when the file was written by a newer collector than this one.
 */
export function migrate(db: Database, migrations = MIGRATIONS): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);

  const row = db
    .prepare('SELECT MAX(version) AS version FROM schema_migrations')
    .get() as { version: number | null };
  const current = row.version ?? 0;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(
      `database schema is version ${current} but this collector knows only up to ` +
        `${newest}; upgrade @robotforge/collector or use another --db file`,
    );
  }

  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
  }
  return Math.max(current, newest);
}
