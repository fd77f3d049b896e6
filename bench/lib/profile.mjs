// CPU profiles, so that a missed target can name where the time went:
// whole processes through `node --cpu-prof`, or one stretch of a worker
// through the inspector (the same profiler, started and stopped at will).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Finer than the default (1 ms), for short stretches such as a hot path. */
const SAMPLING_INTERVAL_US = 50;

/** A fresh folder and the node flags that write a CPU profile into it. */
export function profileFlags() {
  const dir = mkdtempSync(join(tmpdir(), 'robotforge-prof-'));
  return { dir, execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`] };
}

/**
 * Starts profiling this process.
 * @returns `stopProfiling(dir)`, which stops and writes the profile into
 *   `dir`, where `summarize` reads it (pass `except: 'stopProfiling'`)
 */
export async function startProfiling() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  await session.post('Profiler.start');
  return async function stopProfiling(dir) {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    writeFileSync(join(dir, 'stretch.cpuprofile'), JSON.stringify(profile));
  };
}

/** A fresh folder for `startProfiling` to write into. */
export const profileDir = () => mkdtempSync(join(tmpdir(), 'robotforge-prof-'));

const frameName = ({ functionName, url, lineNumber }) => {
  const file = url ? url.split('/').slice(-2).join('/') : '';
  return `${functionName || '(anonymous)'}${file ? ` (${file}:${lineNumber + 1})` : ''}`;
};

/** Each sample as its time and the function names on its stack, leaf first. */
function* samplesOf(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parents.set(child, node.id);
  }
  for (let i = 0; i < profile.samples.length; i++) {
    const leaf = nodes.get(profile.samples[i]).callFrame;
    if (leaf.functionName === '(idle)') continue;
    const stack = [];
    for (let at = profile.samples[i]; at !== undefined; at = parents.get(at)) {
      stack.push(nodes.get(at).callFrame.functionName);
    }
    yield { micros: profile.timeDeltas[i], leaf: frameName(leaf), stack };
  }
}

/**
 * Summarizes every profile in `dir` (then removes it).
 * @param {object} [options]
 * @param {number} [options.top] how many frames to list
 * @param {string[]} [options.within] functions whose inclusive share is wanted
 * @param {string} [options.under] count only samples with this function on the stack
 * @param {string} [options.except] leave out samples with this function on the stack
 * @returns the top frames by self time, each `{ name, share }` (0 to 1), the
 *   inclusive shares of `within`, and the milliseconds counted
 */
export function summarize(dir, { top = 8, within = [], under, except } = {}) {
  const self = new Map();
  const inclusive = new Map(within.map((name) => [name, 0]));
  let total = 0;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    for (const { micros, leaf, stack } of samplesOf(profile)) {
      if ((under && !stack.includes(under)) || (except && stack.includes(except))) continue;
      total += micros;
      self.set(leaf, (self.get(leaf) ?? 0) + micros);
      for (const name of new Set(stack)) {
        if (inclusive.has(name)) inclusive.set(name, inclusive.get(name) + micros);
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const frames = [...self].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([name, micros]) => ({ name, share: micros / total }));
  const shares = Object.fromEntries([...inclusive].map(([name, us]) => [name, us / total]));
  return { frames, inclusive: shares, ms: total / 1000 };
}

/** The top frames as one line of text: `name 23%, name 12%, …`. */
export const describeFrames = (frames) =>
  frames.map((f) => `${f.name} ${(f.share * 100).toFixed(0)}%`).join(', ');
