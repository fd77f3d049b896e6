import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSink } from '../helpers.js';
import { runProgram, runtimeBinary } from './binaries.js';

const FIXTURE = 'test/runtimes/fixtures/server-runtime.mjs';
const deno = runtimeBinary('deno');

let sink: Awaited<ReturnType<typeof startSink>>;
beforeEach(async () => {
  sink = await startSink();
});
afterEach(() => sink.close());

const runFixture = (permissions: string[], env: Record<string, string> = {}) =>
  runProgram(deno, ['run', '--no-prompt', '--allow-net=127.0.0.1', ...permissions, FIXTURE,
    sink.url], { env });

describe('the Deno entry', () => {
  it('is picked by the deno condition and nests across awaits', async () => {
    const run = await runFixture([]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const [batch] = sink.received.map((r) => r.batch);
    expect(batch?.sdk.runtime).toBe('deno');
    const agent = sink.events.find((e) => e.type === 'agent');
    const model = sink.events.find((e) => e.type === 'model_call');
    expect(model?.name).toBe('after-await');
    expect(model?.parentSpanId).toBe(agent?.spanId);
    expect(model?.traceId).toBe(agent?.traceId);
  });

  it('sends pending events when the program ends on its own, without waiting', async () => {
    const run = await runFixture([]);
    expect(run.code).toBe(0);
    expect(run.ms).toBeLessThan(10_000);
    expect(sink.events.map((e) => e.name).sort()).toEqual(['after-await', 'planner']);
    expect(sink.requests).toBe(1);
  });

  it('treats the environment as unset without --allow-env, and never fails', async () => {
    const run = await runFixture([], { ROBOTFORGE_PROJECT_ID: 'from-env' });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(sink.events.map((e) => e.projectId)).toEqual([null, null]);
  });

  it('reads a ROBOTFORGE_ variable that --allow-env grants', async () => {
    const run = await runFixture(['--allow-env=ROBOTFORGE_PROJECT_ID'],
      { ROBOTFORGE_PROJECT_ID: 'from-env' });
    expect(run.code).toBe(0);
    expect(sink.events.map((e) => e.projectId)).toEqual(['from-env', 'from-env']);
  });
});
