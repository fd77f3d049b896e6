import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSink } from '../helpers.js';
import { runProgram, runtimeBinary } from './binaries.js';

const FIXTURE = 'test/runtimes/fixtures/server-runtime.mjs';
const bun = runtimeBinary('bun');

let sink: Awaited<ReturnType<typeof startSink>>;
beforeEach(async () => {
  sink = await startSink();
});
afterEach(() => sink.close());

describe('the Bun entry', () => {
  it('is picked by the bun condition and nests across awaits', async () => {
    const run = await runProgram(bun, [FIXTURE, sink.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    expect(sink.received.map((r) => r.batch.sdk.runtime)).toEqual(['bun']);
    const agent = sink.events.find((e) => e.type === 'agent');
    const model = sink.events.find((e) => e.type === 'model_call');
    expect(model?.name).toBe('after-await');
    expect(model?.parentSpanId).toBe(agent?.spanId);
  });

  it('sends pending events when the process ends on its own, without waiting', async () => {
    const run = await runProgram(bun, [FIXTURE, sink.url]);
    expect(run.code).toBe(0);
    expect(run.ms).toBeLessThan(10_000);
    expect(sink.events.map((e) => e.name).sort()).toEqual(['after-await', 'planner']);
  });

  it('reads ROBOTFORGE_ variables from the environment', async () => {
    const run = await runProgram(bun, [FIXTURE, sink.url],
      { env: { ROBOTFORGE_PROJECT_ID: 'from-env' } });
    expect(run.code).toBe(0);
    expect(sink.events.map((e) => e.projectId)).toEqual(['from-env', 'from-env']);
  });
});
