// Part 1, per-span overhead in Node: the bare async call against the same
// call traced by each SDK (see span-cases.mjs), side by side in one run.
//
// Each SDK runs in a worker process of its own, so that no SDK pays for
// another's global hooks. Rounds are interleaved: every worker times one
// round of the bare call and one of the traced call (in alternating order)
// before any worker times its next round. A round turns the event loop
// every 100 calls, as an application awaiting real I/O would, and ends with
// a flush, so background batching, serialization and sending fall inside
// it. The overhead of a case is the median, over rounds, of traced minus
// bare in the same worker.
import { fileURLToPath } from 'node:url';
import { CASES } from './span-cases.mjs';
import { describeFrames, profileDir, summarize } from './lib/profile.mjs';
import { isMain, runStandalone } from './lib/report.mjs';
import { startSink } from './lib/sink.mjs';
import { int, median, ratio } from './lib/stats.mjs';
import { withVersions } from './lib/versions.mjs';
import { startWorker } from './lib/worker.mjs';

const WORKER = fileURLToPath(new URL('./span-worker.mjs', import.meta.url));
const FULL = { calls: 5_120, roundMs: 100, rounds: 15, warmup: 3 };
const QUICK = { calls: 2_048, roundMs: 40, rounds: 5, warmup: 1 };
/** Most base rounds folded into one round of a fast case. */
const MAX_REPEATS = 8;
const YIELD_EVERY = 100;
const GC_FLAGS = ['--expose-gc'];
const PROFILE_ROUNDS = 10;
const OURS = 'robotforge';
const OTHER_ROBOTFORGE = new Set(['robotforge-hot-path', 'robotforge-traceModelCall']);
const TARGET_SHARE_OF_OTEL = 1 / 3;

/**
 * Calls per round for a case: a whole multiple of the base round (a
 * multiple of 512, so batches of 512 are never left half full at the
 * closing flush), repeated until a fast case's round lasts about
 * `roundMs` and rises above timer noise.
 */
function callsFor(spec, probe, settings) {
  const roundNs = probe.traced.wall * settings.calls;
  const repeats = Math.floor((settings.roundMs * 1e6) / roundNs);
  const calls = settings.calls * Math.min(MAX_REPEATS, Math.max(1, repeats));
  return Math.min(calls, spec.maxCalls ?? Infinity);
}

/** Times every case; returns per-round samples and what reached the sink. */
async function measure(settings) {
  const sink = await startSink();
  const names = Object.keys(CASES);
  const workers = {};
  const calls = {};
  for (const name of names) {
    workers[name] = startWorker(WORKER, { args: [name], execArgv: GC_FLAGS, quiet: true });
    await workers[name].request('setup', { sink: sink.url });
    // Two probe rounds: the first warms up, the second sizes the rounds.
    let probe;
    for (let i = 0; i < 2; i++) {
      probe = await workers[name].request('round', {
        calls: settings.calls, yieldEvery: YIELD_EVERY, tracedFirst: false,
      });
    }
    calls[name] = callsFor(CASES[name], probe, settings);
  }

  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < settings.warmup + settings.rounds; round++) {
    // Rotate the order too, so that no case always follows the same one.
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const result = await workers[name].request('round', {
        calls: calls[name], yieldEvery: YIELD_EVERY, tracedFirst: round % 2 === 1,
      });
      if (round >= settings.warmup) samples[name].push(result);
    }
  }

  const totals = {};
  for (const name of names) {
    totals[name] = await workers[name].request('totals');
    await workers[name].stop();
  }
  const counts = await sink.counts();
  await sink.stop();
  return { samples, totals, counts, calls };
}

/**
 * Profiles rounds of one case in a worker of its own (the timed runs are
 * never profiled), after warm-up rounds, and summarizes the profile with
 * `options` (see profile.mjs).
 */
async function profileCase(name, calls, options) {
  const sink = await startSink();
  const worker = startWorker(WORKER, { args: [name], execArgv: GC_FLAGS, quiet: true });
  await worker.request('setup', { sink: sink.url });
  const dir = profileDir();
  for (let round = 0; round < 2 * PROFILE_ROUNDS; round++) {
    if (round === PROFILE_ROUNDS) await worker.request('profileStart');
    await worker.request('round', { calls, yieldEvery: YIELD_EVERY, tracedFirst: false });
  }
  await worker.request('profileStop', { dir });
  await worker.stop();
  await sink.stop();
  return summarize(dir, options);
}

const percent = (share) => `${(share * 100).toFixed(0)}%`;

/** Where the whole cost went: the process's profile, bare rounds included. */
async function explainWhole(calls) {
  const found = await profileCase(OURS, calls,
    { top: 4, within: ['toWireEvent', 'send'], except: 'stopProfiling' });
  return `CPU profile of \`${OURS}\` (whole process, warm): building events ` +
    `(\`toWireEvent\`) ${percent(found.inclusive.toWireEvent)}, sending them (the ` +
    `transport's \`send\`: \`JSON.stringify\` and fetch) ${percent(found.inclusive.send)}; ` +
    `top self time: ${describeFrames(found.frames)}`;
}

/** Where the hot path went: only the samples inside the traced call. */
async function explainHotPath(calls) {
  const found = await profileCase('robotforge-hot-path', calls,
    { top: 5, under: 'robotforgeSpan' });
  return 'CPU profile of `robotforge-hot-path`, samples inside the traced call ' +
    `(start, setters, end, enqueue) only: ${describeFrames(found.frames)}`;
}

/** Median over rounds of traced minus bare, in wall and CPU nanoseconds per call. */
function overheads(rounds) {
  return {
    bareWall: median(rounds.map((r) => r.bare.wall)),
    wall: median(rounds.map((r) => r.traced.wall - r.bare.wall)),
    cpu: median(rounds.map((r) => r.traced.cpu - r.bare.cpu)),
  };
}

/**
 * The two targets, compared like with like: the hot path against
 * OpenTelemetry with a no-op exporter (neither serializes anything), the
 * whole cost against every peer that sends. A missed target is explained
 * by a CPU profile of the case that missed it.
 */
async function judge(costs, calls) {
  const hot = costs['robotforge-hot-path'].cpu;
  const whole = costs[OURS].cpu;
  const noop = costs.opentelemetry.cpu;
  const hotShare = hot / noop;
  const wholeShare = whole / costs['opentelemetry-otlp-http'].cpu;
  const sending = Object.keys(CASES)
    .filter((n) => n !== OURS && !OTHER_ROBOTFORGE.has(n) && n !== 'opentelemetry');
  const cheaper = sending.filter((n) => costs[n].cpu <= whole);

  const profiles = {};
  const explain = async (name) => {
    profiles[name] ??= name === OURS ? await explainWhole(calls[name])
      : await explainHotPath(calls[name]);
    return profiles[name];
  };
  const hotMissed = hotShare > TARGET_SHARE_OF_OTEL;
  const wholeMissed = wholeShare > TARGET_SHARE_OF_OTEL;
  const thirdReasons = [hotMissed && await explain('robotforge-hot-path'),
    wholeMissed && await explain(OURS)];
  const cheapestReasons = [noop <= hot && await explain('robotforge-hot-path'),
    cheaper.length > 0 && await explain(OURS)];
  const join = (reasons) => reasons.filter(Boolean).join('; ');

  return [{
    goal: 'span cost at most a third of OpenTelemetry\'s',
    measured: `hot path ${ratio(hotShare)}× OpenTelemetry's with a no-op exporter; ` +
      `whole cost ${ratio(wholeShare)}× OpenTelemetry's with its OTLP/HTTP exporter`,
    met: !hotMissed && !wholeMissed,
    reason: join(thirdReasons),
  }, {
    goal: 'the cheapest span of all peers',
    measured: [
      noop <= hot ? `OpenTelemetry with a no-op exporter (${int(noop)} ns) costs no more ` +
        `than the hot path (${int(hot)} ns)` : `hot path ${int(hot)} ns, below ` +
        `OpenTelemetry with a no-op exporter (${int(noop)} ns)`,
      cheaper.length ? `${cheaper.join(', ')} cost no more than robotforge's whole ` +
        `${int(whole)} ns` : `whole cost ${int(whole)} ns, below every peer that sends`,
    ].join('; '),
    met: noop > hot && cheaper.length === 0,
    reason: join(cheapestReasons),
  }];
}

/** @returns {Promise<import('./lib/report.mjs').PartResult>} */
export async function run({ quick = false } = {}) {
  const settings = quick ? QUICK : FULL;
  const { samples, totals, counts, calls } = await measure(settings);

  const costs = Object.fromEntries(Object.keys(CASES).map((n) => [n, overheads(samples[n])]));
  const ours = costs[OURS].cpu;
  const rows = Object.entries(CASES).map(([name, spec]) => {
    const cost = costs[name];
    const { spans, lost } = totals[name];
    const bytes = counts[name] ? (counts[name].bytes / spans).toFixed(0) : '';
    const lostNote = lost ? ` (${int(lost)} lost)` : '';
    return [name, int(calls[name]), int(cost.bareWall + cost.wall), int(cost.wall),
      int(cost.cpu), ratio(cost.cpu / ours), bytes + lostNote,
      withVersions(spec.packages).join(', ')];
  });

  const verdicts = await judge(costs, calls);
  return {
    title: 'Per-span overhead in Node',
    intro: [
      'Each case calls `async (i) => i` traced by one SDK, in rounds of ' +
      `${int(settings.calls)} calls (fast cases: a whole multiple, up to ${MAX_REPEATS}, ` +
      `so that a round lasts about ${settings.roundMs} ms); the event loop turns every ` +
      `${YIELD_EVERY} calls and a flush ends the round, so batching, serialization ` +
      'and sending are inside the measured time. Every SDK runs in its own process ' +
      'beside a bare round of the same call; the overhead is the median over ' +
      `${settings.rounds} interleaved rounds ` +
      `(after ${settings.warmup} warm-up rounds) of traced minus bare. ` +
      '**CPU ns** is process CPU time (every thread, so compression and worker threads ' +
      'count); the ratio column divides it by `robotforge`\'s.',
    ],
    tables: [{
      columns: ['case', 'calls per round', 'wall ns per call', 'overhead, wall ns',
        'overhead, CPU ns', 'CPU overhead vs robotforge', 'bytes sent per span',
        'packages'],
      align: 'lrrrrrrl',
      rows,
    }, {
      columns: ['case', 'where its events went'],
      rows: Object.entries(CASES).map(([name, spec]) => [name, spec.sunk]),
    }],
    notes: [
      '`robotforge-hot-path` is the cost the traced call itself pays: the span is ' +
      'queued, and the batch is built and sent after the clock stops. ' +
      '`opentelemetry` with a no-op exporter is the matching figure for OpenTelemetry.',
      'Every case records the same facts (provider, model, input, output, two token ' +
      'counts, one metadata key) in its SDK\'s usual way; LangSmith and Braintrust ' +
      'only offer the callback form, which also makes the span active, as ' +
      '`robotforge-traceModelCall` does. On Node 20 the first use of ' +
      '`AsyncLocalStorage` turns on promise hooks for the whole process, which slows ' +
      'the bare round of those processes too; the subtraction leaves that part out.',
      'Bytes sent per span are the request bodies the sink received, as sent ' +
      '(compressed where the SDK compresses), divided by the spans traced.',
    ],
    targets: verdicts,
    data: { costs, totals, counts, calls },
  };
}

if (isMain(import.meta.url)) await runStandalone(run);
