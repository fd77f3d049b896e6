import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSink } from './helpers.js';

const entry = fileURLToPath(new URL('../dist/node.js', import.meta.url));

let sink: Awaited<ReturnType<typeof startSink>>;
beforeEach(async () => {
  sink = await startSink();
});
afterEach(() => sink.close());

const run = (script: string) =>
  new Promise<{ code: number | null; ms: number }>((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: 'inherit',
    });
    child.on('exit', (code) => resolve({ code, ms: Date.now() - started }));
  });

describe('a Node process exiting on its own', () => {
  it('sends pending events once and is not held open by timers', async () => {
    const { code, ms } = await run(`
      import { TelemetryClient } from ${JSON.stringify(entry)};
      const client = new TelemetryClient({ endpoint: ${JSON.stringify(sink.url)},
        flushInterval: 600000 });
      client.traceModelCall({ name: 'at-exit' }, () => 1);
    `);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5000);
    expect(sink.events.map((e) => e.name)).toEqual(['at-exit']);
  });

  it('makes one attempt at exit, without waiting for retries', async () => {
    await sink.close();
    sink = await startSink(() => ({ status: 503, headers: { 'retry-after': '60' } }));
    const { code, ms } = await run(`
      import { TelemetryClient } from ${JSON.stringify(entry)};
      const client = new TelemetryClient({ endpoint: ${JSON.stringify(sink.url)} });
      client.traceModelCall({ name: 'x' }, () => 1);
    `);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5000);
    expect(sink.requests).toBe(1);
  });
});
