// Reliability figures for the built packages: runs every fault scenario of
// packages/sdk/test/faults against packages/sdk/dist with a real collector
// from packages/collector/dist, a million spans against a dead endpoint,
// and the bad-input corpus through every setter and option. Exits 1 when a
// figure misses its threshold; with --write it also rewrites
// docs/reliability.md (the test command checks without touching the file).
//
//   npx rollup -c rollup.config.mjs && node scripts/reliability.mjs [--write]
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SDK_DIR = join(ROOT, 'packages/sdk');
const SDK_DIST = join(SDK_DIR, 'dist/node.js');
const SCHEMA_DIST = join(SDK_DIR, 'dist/schema.js');
const COLLECTOR_DIST = join(ROOT, 'packages/collector/dist/index.js');
const REPORT = join(ROOT, 'docs/reliability.md');
const HEAP_SPANS = 1_000_000;
const HEAP_QUEUE = 1000;
const BACKOFF_FLOOR_MS = 250;

/** Committed thresholds: any figure past one of these fails the run. */
const THRESHOLDS = {
  unaccountedEvents: 0,
  unreportedByFlush: 0,
  duplicatesStored: 0,
  misparentedStored: 0,
  unhandledRejections: 0,
  exceptionsInUserCode: 0,
  eventsLostToTransientFaults: 0,
  attemptsOverMaxRetries: 0,
  requestsInFlight: 2,
  retryWaitShortfallMs: 30,
  heapGrowthMb: 4,
  heapLeftAfterDrainMb: 2,
  closeLeftUnfinished: 0,
  badInputProblems: 0,
};

for (const path of [SDK_DIST, SCHEMA_DIST, COLLECTOR_DIST]) {
  if (!existsSync(path)) {
    console.error(`missing ${path}: run \`npx rollup -c rollup.config.mjs\` first`);
    process.exit(2);
  }
}

/** The test harness is TypeScript; esbuild (an SDK devDependency) bundles it. */
async function loadHarness(dir) {
  const esbuild = createRequire(join(SDK_DIR, 'package.json'))('esbuild');
  const outfile = join(dir, 'harness.mjs');
  await esbuild.build({
    stdin: { resolveDir: join(SDK_DIR, 'test'), loader: 'ts', contents: [
      "export * from './faults/scenarios.ts';",
      "export * from './faults/run.ts';",
      "export * from './bad-input/sweep.ts';",
      "export { HOSTILE_VALUES } from './bad-input/corpus.ts';",
      "export { SETTERS, OPTION_TARGETS, CLIENT_OPTIONS } from './bad-input/targets.ts';",
    ].join('\n') },
    bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error',
  });
  return import(pathToFileURL(outfile).href);
}

const run = (args) => new Promise((resolve) => {
  execFile(process.execPath, args, { timeout: 120_000 }, (error, stdout) => {
    const line = stdout.trim().split('\n').pop() ?? '';
    let report;
    try {
      report = JSON.parse(line);
    } catch {
      report = undefined;
    }
    resolve({ code: error ? (error.code ?? 1) : 0, report });
  });
});

async function runFaults(harness, sdk, startCollector) {
  const subjects = { TelemetryClient: sdk.TelemetryClient,
    createFetchTransport: sdk.createFetchTransport, startCollector };
  const rows = [];
  for (const scenario of harness.SCENARIOS) {
    const f = await harness.runScenario(scenario, subjects);
    const { sent, failed, dropped, reasons } = f.stats;
    const flushed = f.flushed.sent + f.flushed.failed + f.flushed.dropped;
    // Without Retry-After the first backoff is at least half the base delay.
    const shortfalls = f.waits.map((w) => (w.askedMs ?? BACKOFF_FLOOR_MS) - w.waitedMs);
    rows.push({ name: scenario.name, transient: scenario.transient,
      produced: f.produced, sent, failed, dropped, reasons,
      stored: f.stored, duplicates: f.duplicates ?? 0, misparented: f.misparented ?? 0,
      unaccounted: f.produced - sent - failed - dropped,
      unreported: sent + failed + dropped - flushed,
      overAttempts: Math.max(0, f.maxAttempts - ((scenario.options.maxRetries ?? 3) + 1)),
      maxInFlight: f.maxInFlight, retryShortfall: Math.max(0, ...shortfalls),
      unhandled: f.unhandled.length, userErrors: f.userErrors.length + f.wrongReturns,
      elapsedMs: f.elapsedMs });
  }
  return rows;
}

async function runBadInput(harness, sdk, validateEvent) {
  const env = { makeClient: (options) => new sdk.TelemetryClient(options),
    validate: validateEvent,
    isConfigError: (error) => error instanceof sdk.TelemetryConfigError };
  const values = harness.HOSTILE_VALUES;
  const problems = { setters: [], options: [], clientOptions: [] };
  for (const target of harness.SETTERS) {
    problems.setters.push(...(await harness.probeSetter(env, target, values))
      .map((p) => `${target.name}: ${p}`));
  }
  for (const target of harness.OPTION_TARGETS) {
    problems.options.push(...(await harness.probeOption(env, target, values))
      .map((p) => `${target.name}: ${p}`));
  }
  for (const option of [...harness.CLIENT_OPTIONS, undefined]) {
    problems.clientOptions.push(...(await harness.probeClientOption(env, option, values))
      .map((p) => `${option ?? 'options object'}: ${p}`));
  }
  const targets = harness.SETTERS.length + harness.OPTION_TARGETS.length
    + harness.CLIENT_OPTIONS.length + 1;
  return { values: values.length, targets, tried: values.length * targets, problems };
}

function verdicts(faults, heap, closed, bad) {
  const total = (key) => faults.reduce((n, row) => n + row[key], 0);
  const most = (key) => Math.max(...faults.map((row) => row[key]));
  const lostTransient = faults.filter((row) => row.transient)
    .reduce((n, row) => n + row.produced - row.sent, 0);
  const badCount = Object.values(bad.problems).flat().length;
  const t = THRESHOLDS;
  return [
    ['events unaccounted for (all faults)', total('unaccounted'), t.unaccountedEvents],
    ['events missing from flush() results', total('unreported'), t.unreportedByFlush],
    ['duplicates stored by the collector', total('duplicates'), t.duplicatesStored],
    ['stored children under a wrong parent', total('misparented'), t.misparentedStored],
    ['unhandled rejections', total('unhandled') + (heap?.unhandled.length ?? 1),
      t.unhandledRejections],
    ['exceptions or wrong values in user code', total('userErrors'),
      t.exceptionsInUserCode],
    ['events lost to transient faults', lostTransient, t.eventsLostToTransientFaults],
    ['attempts beyond maxRetries + 1', total('overAttempts'), t.attemptsOverMaxRetries],
    ['most requests in flight', most('maxInFlight'), t.requestsInFlight],
    ['retry waits cut short by (ms)', most('retryShortfall'), t.retryWaitShortfallMs],
    ['heap growth, 1M spans, queue 1,000 (MB)', round(heap?.growthDuringMb), t.heapGrowthMb],
    ['heap left after the queue drained (MB)', round(heap?.growthAfterMb),
      t.heapLeftAfterDrainMb],
    ['close() left unfinished at process exit', closed ? 0 : 1, t.closeLeftUnfinished],
    ['bad-input problems', badCount, t.badInputProblems],
  ].map(([figure, value, limit]) => ({ figure, value, limit, ok: value <= limit }));
}

const round = (mb) => (mb === undefined ? Infinity : Math.round(mb * 100) / 100);
const cells = (values) => `| ${values.join(' | ')} |`;
const reasonsOf = (reasons) =>
  Object.entries(reasons).map(([k, n]) => `${k} ${n}`).join(', ') || '-';

function markdown(faults, heap, closed, bad, checks) {
  const badLines = Object.entries(bad.problems).map(([where, list]) =>
    `| ${where} | ${list.length} | ${list.slice(0, 3).join('<br>').replace(/\|/g, '\\|')} |`);
  return [
    '# Reliability figures',
    '',
    'Generated by `node scripts/reliability.mjs --write` from the built packages',
    `(\`packages/sdk/dist\`, \`packages/collector/dist\`) on Node ${process.version},`,
    `${new Date().toISOString().slice(0, 10)}. Do not edit by hand; run the script.`,
    '',
    'Each fault gets 2,000 events from 200 concurrent agent runs (an agent, three',
    'tools, two model calls per tool) in two waves, through a loopback front that',
    'misbehaves before or after passing the batch to a real collector.',
    '',
    'Run it with `npx rollup -c rollup.config.mjs && node scripts/reliability.mjs --write`; the',
    'same scenarios run against the sources in',
    '`npx vitest run packages/sdk/test/faults packages/sdk/test/bad-input`.',
    '',
    '## Thresholds',
    '',
    cells(['figure', 'measured', 'threshold', '']), cells(['---', '---:', '---:', '---']),
    ...checks.map((c) =>
      cells([c.figure, c.value, `≤ ${c.limit}`, c.ok ? 'ok' : '**FAIL**'])),
    '',
    '## Faults survived',
    '',
    cells(['fault', 'produced', 'delivered', 'failed', 'dropped', 'lost by reason', 'stored',
      'duplicates', 'unaccounted', 'not in flush()', 'in flight', 'time (ms)']),
    cells(['---', ...Array(11).fill('---:')]),
    ...faults.map((r) => cells([r.name, r.produced, r.sent, r.failed, r.dropped,
      reasonsOf(r.reasons), r.stored ?? '-', r.duplicates, r.unaccounted, r.unreported,
      r.maxInFlight, r.elapsedMs])),
    '',
    '## A million spans against a dead endpoint',
    '',
    heap ? `${heap.spans.toLocaleString('en')} spans, queue of ${HEAP_QUEUE}: heap +` +
      `${round(heap.growthDuringMb)} MB while full, +${round(heap.growthAfterMb)} MB once ` +
      `drained; ${reasonsOf(heap.stats.reasons)}; ${heap.elapsedMs} ms.`
      : 'The child process printed no report.',
    `\`close()\` against a dead endpoint finished before the process exited: ${closed}.`,
    '',
    '## Bad input',
    '',
    `${bad.values} hostile values through ${bad.targets} targets (setters, trace options,`,
    `client options): ${bad.tried.toLocaleString('en')} combinations tried.`,
    '',
    cells(['where', 'problems', 'first ones']), cells(['---', '---:', '---']),
    ...badLines,
    '',
  ].join('\n');
}

const dir = mkdtempSync(join(tmpdir(), 'robotforge-reliability-'));
try {
  const started = Date.now();
  const harness = await loadHarness(dir);
  const sdk = await import(pathToFileURL(SDK_DIST).href);
  const { validateEvent } = await import(pathToFileURL(SCHEMA_DIST).href);
  const { startCollector } = await import(pathToFileURL(COLLECTOR_DIST).href);

  const faults = await runFaults(harness, sdk, startCollector);
  const children = join(SDK_DIR, 'test/faults');
  const heap = (await run(['--expose-gc', join(children, 'heap-child.mjs'), SDK_DIST,
    String(HEAP_SPANS), String(HEAP_QUEUE)])).report;
  const close = await run([join(children, 'close-child.mjs'), SDK_DIST]);
  const closed = close.code === 0 && close.report?.closed?.failed === 1;
  const bad = await runBadInput(harness, sdk, validateEvent);

  const checks = verdicts(faults, heap, closed, bad);
  if (process.argv.includes('--write')) {
    writeFileSync(REPORT, markdown(faults, heap, closed, bad, checks));
  }
  for (const c of checks) {
    console.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.figure}: ${c.value} (threshold ${c.limit})`);
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  const wrote = process.argv.includes('--write') ? `wrote ${REPORT}` : 'checked';
  console.log(`${wrote} in ${seconds} s`);
  process.exitCode = checks.every((c) => c.ok) ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
