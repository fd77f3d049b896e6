import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import { expect, it } from 'vitest';
import { EventStore } from '../src/store.js';

// Two collectors started on the same default ./robotforge.db: each catch-up
// must index a range once, or a trace's error_count is counted twice.
it('two collector processes on one --db file keep the trace index equal to the '
  + 'events', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trace-index-two-'));
  const path = join(dir, 'e.db');
  new EventStore(path).close();
  const script = join(dir, 'writer.mjs');
  const dist = join(process.cwd(), 'packages/collector/dist/index.js');
  writeFileSync(script, `
    import { EventStore } from ${JSON.stringify(dist)};
    const store = new EventStore(${JSON.stringify(path)});
    const tag = process.argv[2];
    let n = 0;
    const t = Array.from({ length: 20 },
      (_, i) => (tag === 'a' ? 'a' : 'b') + String(i).padStart(31, '0'));
    for (let round = 0; round < 300; round++) {
      const events = [];
      for (let i = 0; i < 20; i++) {
        n++;
        events.push({ eventId: 'ev_' + tag + String(n).padStart(17, '0'),
          traceId: t[n % 20], spanId: String(n).padStart(16, '0'),
          parentSpanId: null, type: 'model_call', name: 'x', status: 'error',
          startTime: '2025-01-01T00:00:00.000Z',
          endTime: '2025-01-01T00:00:00.100Z', latencyMs: 100 });
      }
      store.insert(events);
      store.listTraces({ limit: 1 });
    }
    store.close();
  `);
  const run = (tag: string) => new Promise<number>((resolve) => {
    const child = fork(script, [tag], { stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? -1));
  });
  const codes = await Promise.all([run('a'), run('b')]);
  expect(codes).toEqual([0, 0]);
  const store = new EventStore(path);
  store.listTraces({ limit: 1 });
  const index = store.db.prepare(
    'SELECT trace_id, error_count FROM traces ORDER BY trace_id').all();
  const truth = store.db.prepare(
    `SELECT trace_id, SUM(status = 'error') AS error_count FROM events
    GROUP BY trace_id ORDER BY trace_id`).all();
  store.close();
  rmSync(dir, { recursive: true, force: true });
  expect(index).toEqual(truth);
}, 300_000);
