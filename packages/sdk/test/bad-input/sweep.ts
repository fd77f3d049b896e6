/**
 * Puts hostile values through targets and lists what went wrong, one
 * line per value: a throw into the caller, a missing or invalid event, a
 * baseline field that did not survive. Shared by the tests (sources) and
 * `scripts/reliability.mjs` (built packages).
 */
import type { TelemetryClient } from '../../src/runtimes/node.js';
import type { WireEvent } from '../../src/core/schema.js';
import { capturingTransport, problemsOf, thrownBy, type Validate } from './checks.js';
import type { HostileValue } from './corpus.js';
import { RETURNED, type OptionTarget, type SetterTarget } from './targets.js';

/** What a sweep needs: a way to build a client, and the schema check. */
export interface SweepEnv {
  makeClient(options: Record<string, unknown>): TelemetryClient;
  validate: Validate;
  isConfigError(error: unknown): boolean;
}

const PROBE_NAME = 'probe';

/** A client that keeps every batch it sends in memory. */
export function probeClient(env: SweepEnv) {
  const capture = capturingTransport();
  const client = env.makeClient({ transport: capture.transport, batchSize: 100,
    flushInterval: 60_000 });
  /** Events sent by the next flush, and what `run` threw, if anything. */
  const deliver = async (run: () => unknown) => {
    const before = capture.bodies.length;
    let returned: unknown;
    const thrown = thrownBy(() => {
      returned = run();
    });
    await client.flush();
    const events = capture.bodies.slice(before)
      .flatMap((body) => (JSON.parse(body) as { events: WireEvent[] }).events);
    return { thrown, returned, events, stats: client.stats };
  };
  return { client, deliver };
}

/** Baseline fields must arrive unchanged; for objects, each baseline entry. */
function intactProblems(event: WireEvent, intact: Partial<WireEvent>, name?: string) {
  const problems: string[] = [];
  if (name !== undefined && event.name !== name) problems.push(`name became ${event.name}`);
  for (const [field, expected] of Object.entries(intact)) {
    const actual: unknown = event[field as keyof WireEvent];
    const same = expected !== null && typeof expected === 'object'
      ? Object.entries(expected).every(([key, value]) =>
        (actual as Record<string, unknown> | null | undefined)?.[key] === value)
      : actual === expected;
    if (!same) problems.push(`${field} became ${show(actual)}`);
  }
  return problems;
}

const show = (value: unknown) => String(JSON.stringify(value)).slice(0, 80);

/** Every hostile value through one setter; returns the problems found. */
export async function probeSetter(env: SweepEnv, target: SetterTarget,
  values: HostileValue[]): Promise<string[]> {
  const { client, deliver } = probeClient(env);
  const problems: string[] = [];
  for (const hostile of values) {
    const result = await deliver(() => target.run(client, PROBE_NAME, hostile.make()));
    const found = result.thrown ? [`threw ${result.thrown}`] : [];
    if (result.events.length !== 1) found.push(`${result.events.length} events delivered`);
    for (const event of result.events) {
      found.push(...problemsOf(event, env.validate, hostile, target.captures),
        ...intactProblems(event, target.intact, PROBE_NAME));
    }
    problems.push(...found.map((problem) => `${hostile.name}: ${problem}`));
  }
  await client.close();
  return problems;
}

/** Every hostile value as one option of a trace method; returns the problems found. */
export async function probeOption(env: SweepEnv, target: OptionTarget,
  values: HostileValue[]): Promise<string[]> {
  const { client, deliver } = probeClient(env);
  const problems: string[] = [];
  const option = target.name.split(': ')[1];
  for (const hostile of values) {
    const value = hostile.make();
    const result = await deliver(() => target.run(client, PROBE_NAME, value));
    const found: string[] = [];
    const mustRefuse = target.required && (typeof value !== 'string' || value === '');
    if (mustRefuse) {
      if (!result.thrown?.startsWith('TelemetryConfigError')) {
        found.push(`expected a TelemetryConfigError, got ${result.thrown ?? 'none'}`);
      }
    } else if (result.thrown) found.push(`threw ${result.thrown}`);
    else if (result.returned !== RETURNED) found.push('the traced value changed');
    const expected = mustRefuse ? 0 : 1;
    if (result.events.length !== expected) found.push(`${result.events.length} events`);
    for (const event of result.events) {
      found.push(...problemsOf(event, env.validate, hostile, option === 'input'),
        ...intactProblems(event, target.intact,
          option === 'name' ? undefined : PROBE_NAME));
    }
    problems.push(...found.map((problem) => `${hostile.name}: ${problem}`));
  }
  await client.close();
  return problems;
}

/**
 * Every hostile value as one client option: construction either succeeds
 * or throws a TelemetryConfigError, never anything else.
 */
export async function probeClientOption(env: SweepEnv, option: string | undefined,
  values: HostileValue[]): Promise<string[]> {
  const problems: string[] = [];
  for (const hostile of values) {
    const value = hostile.make();
    const options = option === undefined ? value : { [option]: value };
    let client: TelemetryClient | undefined;
    try {
      client = env.makeClient(options as Record<string, unknown>);
    } catch (error) {
      if (!env.isConfigError(error)) {
        problems.push(`${hostile.name}: threw ${thrownBy(() => {
          throw error;
        })}`);
      }
    }
    // A client that was built must still work, and must not throw on close.
    const closing = client?.close();
    if (closing) await closing.catch((e: unknown) => problems.push(`close: ${String(e)}`));
  }
  return problems;
}
