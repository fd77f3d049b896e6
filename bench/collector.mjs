// Part 5, the collector: how fast POST /v1/events stores realistic batches
// in SQLite, and how long the trace list and one trace take to answer with
// a million events stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hrtime } from 'node:process';
import { startCollectorProcess } from './lib/collector.mjs';
import { events } from './lib/events.mjs';
import { httpClient } from './lib/http.mjs';
import { describeFrames, profileFlags, summarize } from './lib/profile.mjs';
import { isMain, runStandalone } from './lib/report.mjs';
import { int, median, quantile } from './lib/stats.mjs';

const COLLECTOR_DIST = new URL('../packages/collector/dist/index.js', import.meta.url);
const FULL = { ingestEvents: 100_000, storedEvents: 1_000_000 };
const QUICK = { ingestEvents: 20_000, storedEvents: 100_000 };
/** 10 is the SDK's default batchSize; 100 a busier application's. */
const BATCH_SIZES = [10, 100];
/** Requests in flight at once: a few SDK clients, two requests each. */
const CONCURRENCY = 4;
const SEED_CHUNK = 10_000;
const LIST_SAMPLES = 9;
const TRACE_SAMPLES = 50;
/** The collector's default page of the trace list. */
const PAGE_SIZE = 50;
const TARGET_EVENTS_PER_SECOND = 20_000;
/** Requests sent to the profiled collector when ingest misses its target. */
const PROFILE_REQUESTS = 1_000;
const TARGET_LIST_MS = 100;
const SDK = { name: '@robotforge/sdk', version: 'bench', runtime: 'node' };

/** Sends `bodies` with CONCURRENCY requests in flight; returns the seconds taken. */
async function sendAll(client, url, bodies) {
  let next = 0;
  const start = hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < bodies.length) {
      const { status, text } = await client.send('POST', `${url}/v1/events`, bodies[next++]);
      if (status !== 200) throw new Error(`POST /v1/events answered ${status}: ${text}`);
    }
  }));
  return { seconds: Number(hrtime.bigint() - start) / 1e9 };
}

async function measureIngest(dir, total) {
  const results = [];
  for (const size of BATCH_SIZES) {
    const all = events(total, size * 1_000_000);
    const bodies = [];
    for (let i = 0; i < all.length; i += size) {
      bodies.push(JSON.stringify({ sentAt: new Date().toISOString(), sdk: SDK,
        events: all.slice(i, i + size) }));
    }
    const collector = await startCollectorProcess(join(dir, `ingest-${size}.db`));
    const client = httpClient(CONCURRENCY);
    const { seconds } = await sendAll(client, collector.url, bodies);
    client.close();
    const stored = await collector.count();
    await collector.stop();
    // A rate over fewer events than were sent would flatter the collector.
    if (stored !== all.length) throw new Error(`stored ${stored} of ${all.length}`);
    results.push({ size, stored, perSecond: stored / seconds, bodies });
  }
  return results;
}

/**
 * Runs `work(client, url)` against a collector on `path` started with
 * --cpu-prof, apart from the timed runs so that the profiler slows none.
 */
async function profileCollector(path, work, within) {
  const profile = profileFlags();
  const collector = await startCollectorProcess(path, { execArgv: profile.execArgv });
  const client = httpClient(CONCURRENCY);
  await work(client, collector.url);
  client.close();
  await collector.stop();
  return summarize(profile.dir, { within });
}

/** Writes `count` events straight through the store, as the setup of the query bench. */
async function seed(path, count) {
  const { EventStore } = await import(COLLECTOR_DIST.href);
  const store = new EventStore(path);
  const start = Date.now();
  for (let done = 0; done < count; done += SEED_CHUNK) {
    store.insert(events(SEED_CHUNK, done / 4));
  }
  const stored = store.countEvents();
  store.close();
  if (stored !== count) throw new Error(`seeded ${stored} of ${count} events`);
  return { stored, seconds: (Date.now() - start) / 1000 };
}

/**
 * Times `samples` requests; `check(body)` returns what is wrong with an
 * answer, so that a fast but empty answer is not taken for a fast one.
 */
async function time(client, url, samples, check) {
  const millis = [];
  for (let i = 0; i < samples; i++) {
    const start = hrtime.bigint();
    const { status, text } = await client.send('GET', url(i));
    millis.push(Number(hrtime.bigint() - start) / 1e6);
    if (status !== 200) throw new Error(`GET ${url(i)} answered ${status}: ${text}`);
    const problem = check(JSON.parse(text), i);
    if (problem) throw new Error(`GET ${url(i)}: ${problem}`);
  }
  return { median: median(millis), p95: quantile(millis, 0.95) };
}

async function measureQueries(path) {
  const collector = await startCollectorProcess(path);
  const client = httpClient(1);
  const first = JSON.parse((await client.send('GET', `${collector.url}/v1/traces`)).text);
  const ids = first.traces.map((trace) => trace.traceId);
  const base = `${collector.url}/v1/traces`;
  const fullPage = ({ traces }) =>
    (traces.length === PAGE_SIZE && traces.every((t) => t.spanCount === 4)) ? ''
      : `expected ${PAGE_SIZE} traces of 4 spans, got ${traces.length}`;
  const latency = {
    'trace list, first page (50 traces)': await time(client, () => base, LIST_SAMPLES,
      fullPage),
    'trace list, second page': await time(client,
      () => `${base}?cursor=${first.nextCursor}`, LIST_SAMPLES, fullPage),
    'trace list, one user\'s traces': await time(client,
      (i) => `${base}?user=user-${i}`, LIST_SAMPLES, (body, i) => fullPage(body) ||
        (body.traces.every((t) => t.userId === `user-${i}`) ? '' : 'another user')),
    'one trace (4 spans)': await time(client,
      (i) => `${base}/${ids[i % ids.length]}`, TRACE_SAMPLES,
      ({ spans }) => (spans.length === 4 ? '' : `${spans.length} spans, not 4`)),
  };
  client.close();
  await collector.stop();
  return latency;
}

/** @returns {Promise<import('./lib/report.mjs').PartResult>} */
export async function run({ quick = false } = {}) {
  const settings = quick ? QUICK : FULL;
  const dir = mkdtempSync(join(tmpdir(), 'robotforge-bench-'));
  try {
    const ingest = await measureIngest(dir, settings.ingestEvents);
    const slowest = ingest.reduce((a, b) => (a.perSecond <= b.perSecond ? a : b));
    const ingestProfile = slowest.perSecond >= TARGET_EVENTS_PER_SECOND ? undefined
      : await profileCollector(join(dir, 'ingest-profile.db'),
        (client, url) => sendAll(client, url, slowest.bodies.slice(0, PROFILE_REQUESTS)),
        ['flush', 'validateEvent']);

    const stored = join(dir, 'stored.db');
    const seeded = await seed(stored, settings.storedEvents);
    const latency = await measureQueries(stored);
    const listProfile = await profileCollector(stored, async (client, url) => {
      for (let i = 0; i < 3; i++) await client.send('GET', `${url}/v1/traces`);
    }, ['listTraces', 'findRoots']);
    return report({ settings, quick, ingest, ingestProfile, seeded, latency, listProfile });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The self-time share of the frame named `name` in a profile summary, or 0. */
const selfShare = (profile, name) =>
  profile.frames.find((frame) => frame.name.startsWith(`${name} `))?.share ?? 0;

function report({ settings, quick, ingest, ingestProfile, seeded, latency, listProfile }) {
  const slowest = ingest.reduce((a, b) => (a.perSecond <= b.perSecond ? a : b));
  const list = latency['trace list, first page (50 traces)'].median;
  const percent = (share) => `${(share * 100).toFixed(0)}%`;
  return {
    title: 'Collector: ingest and queries',
    intro: [
      `**Ingest:** ${int(settings.ingestEvents)} events (agent, two model calls and a ` +
      'tool call per trace; prompts of 400 characters, answers of 300, about 1 KB of ' +
      `JSON per event) sent to \`POST /v1/events\` with ${CONCURRENCY} requests in ` +
      'flight over keep-alive connections, bodies built beforehand; the collector runs ' +
      'in its own process on a fresh SQLite file (WAL), rate limit off.',
      `**Queries:** ${int(seeded.stored)} events written straight through ` +
      `\`EventStore.insert\` (${seeded.seconds.toFixed(0)} s), then the collector ` +
      'started on that file and each request timed from this process over loopback.' +
      (quick ? ' **Quick mode: 100,000 stored events, not a million.**' : ''),
    ],
    tables: [{
      columns: ['events per request', 'stored', 'events per second'],
      align: 'rrr',
      rows: ingest.map((r) => [r.size, int(r.stored), int(r.perSecond)]),
    }, {
      columns: [`request, ${int(seeded.stored)} events stored`, 'median ms', 'p95 ms'],
      align: 'lrr',
      rows: Object.entries(latency).map(([name, t]) => [name, t.median.toFixed(1),
        t.p95.toFixed(1)]),
    }],
    notes: [
      'Profiles are taken in separate runs with `node --cpu-prof`, so that the ' +
      'profiler slows none of the timed ones.',
    ],
    targets: [{
      goal: `the collector ingests at least ${int(TARGET_EVENTS_PER_SECOND)} events a second`,
      measured: ingest.map((r) => `${int(r.perSecond)}/s in batches of ${r.size}`).join(', '),
      met: slowest.perSecond >= TARGET_EVENTS_PER_SECOND,
      reason: ingestProfile && `in batches of ${slowest.size}, the collector spends ` +
        `${percent(ingestProfile.inclusive.flush)} of its CPU in \`GroupCommit.flush\` ` +
        '(SQLite: the rows, the trace index and one commit per event-loop turn) and ' +
        `${percent(ingestProfile.inclusive.validateEvent)} validating; top self time: ` +
        `${describeFrames(ingestProfile.frames.slice(0, 4))}`,
    }, {
      goal: `the trace list answers in under ${TARGET_LIST_MS} ms with a million events`,
      measured: `${list.toFixed(0)} ms median with ${int(seeded.stored)} events`,
      met: quick ? null : list < TARGET_LIST_MS,
      reason: `\`listTraces\` takes ${percent(listProfile.inclusive.listTraces)} of the ` +
        `collector's CPU while answering the list, ${percent(selfShare(listProfile,
          'listTraces'))} in its own frame, which is where SQLite's native work is ` +
        'counted; top self time: ' +
        `${describeFrames(listProfile.frames.slice(0, 3))}`,
    }],
    data: { ingest: ingest.map(({ bodies, ...r }) => r), seeded, latency,
      ingestProfile, listProfile },
  };
}

if (isMain(import.meta.url)) await runStandalone(run);
