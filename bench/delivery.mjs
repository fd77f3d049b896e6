// Part 2, delivery: events per second and CPU per event from one process
// to the local collector over loopback, this SDK against OpenTelemetry's
// OTLP/HTTP exporter sending the same spans to the same collector.
//
// The collector runs in its own process on a fresh SQLite file; each run
// is a fresh sender process; runs of the two SDKs alternate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acceptsOtlp, startCollectorProcess } from './lib/collector.mjs';
import { measureFetchCost } from './lib/fetch-cost.mjs';
import { describeFrames, profileDir, summarize } from './lib/profile.mjs';
import { isMain, runStandalone } from './lib/report.mjs';
import { startSink } from './lib/sink.mjs';
import { int, median, ratio } from './lib/stats.mjs';
import { withVersions } from './lib/versions.mjs';
import { startWorker } from './lib/worker.mjs';

const percent = (share) => `${(share * 100).toFixed(0)}%`;
const WORKER = fileURLToPath(new URL('./delivery-worker.mjs', import.meta.url));
const FULL = { spans: 100_000, runs: 3 };
const QUICK = { spans: 20_000, runs: 1 };
const SDKS = {
  'robotforge': ['@robotforge/sdk'],
  'opentelemetry-otlp-http': ['@opentelemetry/sdk-trace-base',
    '@opentelemetry/exporter-trace-otlp-http'],
};
const TARGET_EVENTS_PER_CPU_SECOND_RATIO = 2;
const PROFILE_SPANS = 20_000;

async function sendOnce(sdk, url, spans, profileDir) {
  const worker = startWorker(WORKER, { quiet: true });
  try {
    return await worker.request('send', { sdk, url, spans, profileDir });
  } finally {
    await worker.stop();
  }
}

/** Medians over the runs of one SDK. */
function rates(runs, spans) {
  const eventsPerSecond = median(runs.map((r) => spans / (r.wallNs / 1e9)));
  const cpuPerEventNs = median(runs.map((r) => r.cpuNs / spans));
  const stored = Math.min(...runs.map((r) => r.stored));
  return { eventsPerSecond, cpuPerEventNs, perCpuSecond: 1e9 / cpuPerEventNs, stored };
}

/** Where OTLP goes: the collector, or (while it lacks /v1/traces) a counting sink. */
async function otlpTarget(collector) {
  if (await acceptsOtlp(collector.url)) return { url: collector.url, count: collector.count };
  const sink = await startSink();
  const count = async () => (await sink.counts()).otlp?.otlpSpans ?? 0;
  return { url: `${sink.url}/s/otlp/otlp-count`, count, sink };
}

/** @returns {Promise<import('./lib/report.mjs').PartResult>} */
export async function run({ quick = false } = {}) {
  const settings = quick ? QUICK : FULL;
  const dir = mkdtempSync(join(tmpdir(), 'robotforge-bench-'));
  const collector = await startCollectorProcess(join(dir, 'delivery.db'));
  const otlp = await otlpTarget(collector);
  const targets = {
    'robotforge': { url: collector.url, count: collector.count },
    'opentelemetry-otlp-http': otlp,
  };

  const results = Object.fromEntries(Object.keys(SDKS).map((sdk) => [sdk, []]));
  for (let runIndex = 0; runIndex < settings.runs; runIndex++) {
    for (const sdk of Object.keys(SDKS)) {
      const before = await targets[sdk].count();
      const sent = await sendOnce(sdk, targets[sdk].url, settings.spans);
      const stored = (await targets[sdk].count()) - before;
      results[sdk].push({ ...sent, stored });
    }
  }
  const summary = Object.fromEntries(Object.entries(results)
    .map(([sdk, runs]) => [sdk, rates(runs, settings.spans)]));
  const ours = summary.robotforge;
  const theirs = summary['opentelemetry-otlp-http'];
  const cpuRatio = ours.perCpuSecond / theirs.perCpuSecond;

  // A missed target is explained by a profile of one more run of this SDK.
  let profile;
  let post;
  if (cpuRatio < TARGET_EVENTS_PER_CPU_SECOND_RATIO) {
    post = await measureFetchCost(collector.url);
    const dir = profileDir();
    await sendOnce('robotforge', collector.url, PROFILE_SPANS, dir);
    profile = summarize(dir,
      { top: 5, within: ['toWireEvent', 'send'], except: 'stopProfiling' });
  }
  await otlp.sink?.stop();
  await collector.stop();
  rmSync(dir, { recursive: true, force: true });

  const intoSink = Boolean(otlp.sink);

  return {
    title: 'Delivery to the local collector',
    intro: [
      `One process traces ${int(settings.spans)} model-call spans as fast as it can ` +
      `(the event loop turns every 100 spans) and delivers them over loopback in ` +
      `batches of 512; the run ends when its flush resolves. Wall time and ` +
      `\`process.cpuUsage()\` cover span creation, serialization and sending; ` +
      `median of ${settings.runs} run(s) per SDK, alternating, each in a fresh ` +
      `process. The collector runs in another process on a fresh SQLite file, ` +
      `rate limit off.`,
      intoSink
        ? '**The collector did not accept OTLP on `POST /v1/traces` during this run**, ' +
          'so the OTLP exporter sent to a loopback sink that parses each JSON body and ' +
          'counts its spans; its events per second are therefore not comparable, ' +
          'its CPU per event is.'
        : 'Both SDKs sent to the same collector: this SDK to `POST /v1/events`, the ' +
          'OTLP exporter (JSON) to `POST /v1/traces`.',
    ],
    tables: [{
      columns: ['sender', 'events per second', 'CPU µs per event',
        'events per CPU second', 'vs OTLP exporter', 'stored (min of runs)', 'packages'],
      align: 'lrrrrrl',
      rows: Object.entries(summary).map(([sdk, s]) => [sdk, int(s.eventsPerSecond),
        (s.cpuPerEventNs / 1000).toFixed(2), int(s.perCpuSecond),
        ratio(s.perCpuSecond / theirs.perCpuSecond),
        `${int(s.stored)} of ${int(settings.spans)}`,
        withVersions(SDKS[sdk]).join(', ')]),
    }],
    notes: [],
    targets: [{
      goal: 'delivery moves at least twice the events per CPU second of the OTLP exporter',
      measured: `${ratio(cpuRatio)}× (${int(ours.perCpuSecond)} against ` +
        `${int(theirs.perCpuSecond)} events per CPU second)`,
      met: cpuRatio >= TARGET_EVENTS_PER_CPU_SECOND_RATIO,
      reason: profile && `the two senders do the same work per event: build it, ` +
        'serialize it to JSON and write it to a socket. CPU profile of a robotforge ' +
        'sender: building events (`toWireEvent`) ' +
        `${percent(profile.inclusive.toWireEvent)}, sending (\`send\`: ` +
        `\`JSON.stringify\` and fetch) ${percent(profile.inclusive.send)}; ` +
        `top self time: ${describeFrames(profile.frames)}. Posting one real 512-event ` +
        `body costs ${(post.fetchNs / 1000).toFixed(2)} µs of CPU per event through ` +
        'Node\'s `fetch` (undici, which ofetch uses on Node) and ' +
        `${(post.httpNs / 1000).toFixed(2)} µs through \`node:http\`, which the OTLP ` +
        'exporter uses',
    }],
    data: { summary, intoSink, profile, post },
  };
}

if (isMain(import.meta.url)) await runStandalone(run);
