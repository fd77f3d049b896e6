// One SDK's side of the span bench, in a process of its own (started with
// --expose-gc): times rounds of the bare call and of the traced call when
// the coordinator asks.
import { hrtime } from 'node:process';
import { CASES, work } from './span-cases.mjs';
import { startProfiling } from './lib/profile.mjs';
import { cpuNanos, turn } from './lib/stats.mjs';
import { serve } from './lib/worker.mjs';

const name = process.argv[2];
const spec = CASES[name];
let traced;
let spans = 0;
let stopProfiling;

/**
 * Runs `calls` calls of `fn`, letting the event loop turn every
 * `yieldEvery` calls as an application awaiting real I/O would, then
 * `settle()` (a flush) before the clock stops.
 * @returns wall and CPU nanoseconds per call
 */
async function timeRound(fn, calls, yieldEvery, settle) {
  // Empties the young generation, so that a round never pays for the
  // garbage of the round before it (the bare round least of all). Only a
  // minor GC: a full one also shrinks the young generation, and the round
  // after it then runs many more scavenges than an application would.
  globalThis.gc({ type: 'minor' });
  const cpuStart = cpuNanos();
  const start = hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    await fn(i);
    if (i % yieldEvery === yieldEvery - 1) await turn();
  }
  if (settle) await settle();
  const wall = Number(hrtime.bigint() - start);
  return { wall: wall / calls, cpu: (cpuNanos() - cpuStart) / calls };
}

async function tracedRound(calls, yieldEvery) {
  const settle = spec.flushAfterClock ? undefined : traced.flush;
  const result = await timeRound(traced.call, calls, yieldEvery, settle);
  if (spec.flushAfterClock) await traced.flush();
  spans += calls;
  return result;
}

serve({
  async setup({ sink }) {
    traced = await spec.setup(`${sink}/s/${name}`);
  },
  async round({ calls, yieldEvery, tracedFirst }) {
    if (tracedFirst) {
      const tracedResult = await tracedRound(calls, yieldEvery);
      return { traced: tracedResult, bare: await timeRound(work, calls, yieldEvery) };
    }
    const bare = await timeRound(work, calls, yieldEvery);
    return { bare, traced: await tracedRound(calls, yieldEvery) };
  },
  /** Spans traced so far, and how many of them the SDK says it lost. */
  async totals() {
    return { spans, lost: traced.lost?.() ?? null };
  },
  async profileStart() {
    stopProfiling = await startProfiling();
  },
  async profileStop({ dir }) {
    await stopProfiling(dir);
  },
  async stop() {
    await traced?.close();
  },
});
