#!/usr/bin/env node
// Runs every benchmark part in one go on this machine and writes
// docs/benchmarks.md: per-span overhead, delivery, memory, bundle size and
// the collector, beside the peers, with each target met or missed.
//
//   pnpm bench                  # build, then the full run (under 15 minutes)
//   BENCH_QUICK=1 pnpm bench    # a smaller run (under 3 minutes)
//   node bench/run.mjs span     # only the parts named (after a build)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { renderPart, table, verdict } from './lib/report.mjs';
import { versionOf } from './lib/versions.mjs';

const ROOT = new URL('../', import.meta.url);
const OUTPUT = new URL('docs/benchmarks.md', ROOT);
const PARTS = {
  span: () => import('./span.mjs'),
  delivery: () => import('./delivery.mjs'),
  memory: () => import('./memory.mjs'),
  bundle: () => import('./bundle.mjs'),
  collector: () => import('./collector.mjs'),
};
const BUILD_WAIT_MS = 120_000;
const BUILT = ['packages/sdk/dist/node.js', 'packages/sdk/dist/browser.js',
  'packages/collector/dist/index.js'];

const quick = process.env.BENCH_QUICK === '1';
const chosen = process.argv.slice(2);
for (const name of chosen) {
  if (!PARTS[name]) {
    throw new Error(`no part "${name}"; parts: ${Object.keys(PARTS).join(', ')}`);
  }
}
const missingBuild = () => BUILT.filter((path) => !existsSync(new URL(path, ROOT)));
if (missingBuild().length) {
  console.error(`bench: ${missingBuild().join(', ')} missing; run the build first`);
  process.exit(2);
}

const machine = {
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? 'unknown',
  memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
  node: process.version,
  os: `${process.platform} ${release()}`,
  loadBefore: loadavg().map((n) => n.toFixed(2)).join(', '),
};

const parts = [];
const started = Date.now();
for (const [name, load] of Object.entries(PARTS)) {
  if (chosen.length && !chosen.includes(name)) continue;
  const partStart = Date.now();
  console.log(`bench: ${name}…`);
  try {
    const part = await runPart(name, load);
    parts.push({ name, part, seconds: (Date.now() - partStart) / 1000 });
  } catch (error) {
    console.error(`bench: ${name} failed:`, error);
    parts.push({ name, error, seconds: (Date.now() - partStart) / 1000 });
  }
  console.log(`bench: ${name} took ${((Date.now() - partStart) / 1000).toFixed(0)} s`);
}
machine.loadAfter = loadavg().map((n) => n.toFixed(2)).join(', ');
machine.minutes = ((Date.now() - started) / 60_000).toFixed(1);

const markdown = render();
writeFileSync(OUTPUT, markdown);
console.log(markdown);
console.log(`bench: wrote ${fileURLToPath(OUTPUT)}`);
process.exitCode = parts.some((p) => p.error) ? 1 : 0;

/**
 * Runs one part, once more if the build output vanished under it: the
 * build empties dist/ first, and another build may start during a run.
 */
async function runPart(name, load) {
  try {
    return await (await load()).run({ quick });
  } catch (error) {
    const vanished = missingBuild().length > 0 ||
      String(error).includes('ERR_MODULE_NOT_FOUND');
    if (!vanished || !(await buildReturns())) throw error;
    console.error(`bench: ${name}: the build output vanished (another build?); again`);
    return (await load()).run({ quick });
  }
}

/** Waits up to BUILD_WAIT_MS for every built file to be back. */
async function buildReturns() {
  for (let waited = 0; waited < BUILD_WAIT_MS; waited += 1000) {
    if (missingBuild().length === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return false;
}

function render() {
  const targets = parts.flatMap(({ part }) => part?.targets ?? []);
  const failed = parts.filter((p) => p.error);
  return [
    '# Benchmarks',
    'RobotForge beside its peers, measured side by side in one run on one machine. ' +
    'Absolute times drift from machine to machine and from run to run on a shared ' +
    'one; compare the ratios, which are taken between figures measured in the same ' +
    'run. This file is written by `bench/run.mjs`; do not edit it by hand.',
    '## Targets',
    table({
      columns: ['target', 'this run', 'verdict', 'reason found when missed'],
      rows: targets.map((t) => [t.goal, t.measured, verdict(t),
        t.met === false ? (t.reason || 'no profile taken') : '']),
    }),
    ...failed.map((p) => `**The ${p.name} part failed:** ` +
      `\`${String(p.error).split('\n')[0]}\``),
    '## Machine and run',
    table({
      columns: ['', ''],
      rows: [
        ['date', machine.date],
        ['mode', quick ? '**quick** (`BENCH_QUICK=1`): fewer rounds and events' : 'full'],
        ['parts', parts.map((p) => `${p.name} ${p.seconds.toFixed(0)} s`).join(', ')],
        ['total', `${machine.minutes} minutes`],
        ['cores (`nproc`)', machine.cores],
        ['CPU', machine.cpu],
        ['memory', machine.memory],
        ['Node.js', machine.node],
        ['OS', machine.os],
        ['load average (1, 5, 15 min) before / after',
          `${machine.loadBefore} / ${machine.loadAfter}`],
      ],
    }),
    '## How to reproduce',
    '```sh\nnpx -y pnpm@10.34.8 install\nnpx -y pnpm@10.34.8 bench' +
    '                    # build, then every part (under 15 minutes)\n' +
    'BENCH_QUICK=1 npx -y pnpm@10.34.8 bench      # under 3 minutes\n' +
    'node bench/run.mjs span delivery            # some parts, after a build\n' +
    'node bench/span.mjs                         # one part, printed, no file written\n```',
    'Every peer is a pinned devDependency of the workspace root, so the same ' +
    'versions install everywhere. All traffic stays on 127.0.0.1: peers send to a ' +
    'loopback sink (`bench/lib/sink.mjs`) that answers 200 at once, or to the ' +
    'collector. Each part lives in its own file under `bench/`.',
    ...parts.filter((p) => p.part).map((p) => renderPart(p.part)),
    peersSection(),
  ].join('\n\n') + '\n';
}

/** The peers' versions and engines, and what could not be measured. */
function peersSection() {
  const rows = [
    ['@opentelemetry/sdk-trace-base', 'span, delivery, memory'],
    ['@opentelemetry/exporter-trace-otlp-http', 'span, delivery, memory, bundle'],
    ['@opentelemetry/sdk-trace-web', 'bundle'],
    ['@langfuse/tracing', 'span'],
    ['@langfuse/otel', 'span'],
    ['langfuse', 'span, bundle'],
    ['langsmith', 'span'],
    ['braintrust', 'span'],
    ['@sentry/browser', 'bundle'],
    ['posthog-js', 'bundle'],
  ].map(([name, parts]) => [name, versionOf(name), enginesOf(name), parts]);
  return [
    '## Peers, and what could not be measured',
    table({ columns: ['package', 'version', 'declared Node engines', 'measured in'], rows }),
    [
      `- Every peer installed and ran on this run's Node (${process.version}). Newer ` +
      'releases of `@opentelemetry/exporter-trace-otlp-http` (0.301 when this bench ' +
      'was written) require Node 22.15 or later, so the Node-20-compatible 0.223.1 is ' +
      'pinned, the version the collector\'s OTLP tests use.',
      '- Nothing needed the network or an account. Braintrust logs in and registers a ' +
      'project before it sends; the loopback sink answers those two calls ' +
      '(`/api/apikey/login`, `/api/project/register`) and points it back at itself. ' +
      'The others take a base URL.',
      '- Not measured: delivery and memory for Langfuse, LangSmith and Braintrust (the ' +
      'comparison there is with OpenTelemetry\'s exporter); browser bundles of ' +
      'LangSmith, Braintrust and `@langfuse/tracing` (which runs on an OpenTelemetry ' +
      'tracer provider, so its page cost starts at the OpenTelemetry web row).',
    ].join('\n'),
  ].join('\n\n');
}

function enginesOf(name) {
  try {
    const path = new URL(`node_modules/${name}/package.json`, ROOT);
    return JSON.parse(readFileSync(path, 'utf8')).engines?.node ?? 'none declared';
  } catch {
    return 'unknown';
  }
}
