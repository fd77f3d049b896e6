/**
 * Runs one fault scenario end to end: a collector and a misbehaving
 * front, 2,000 events from concurrent traced calls in two waves, then
 * the count of what became of every event on both sides of the wire. The
 * SDK and the collector are passed in, so the tests drive the sources and
 * `scripts/reliability.mjs` drives the built packages with the same code.
 */
import type { TelemetryOptions } from '../../src/core/config.js';
import type { DeliveryStats, FlushResult } from '../../src/core/delivery.js';
import type { FetchTransportOptions } from '../../src/transports/fetch.js';
import type { Transport } from '../../src/transports/types.js';
import type { Scenario } from './scenarios.js';
import { reservePort, startFront, type Answer, type Wait } from './servers.js';
import { produceEvents, watchProcess, type TracingClient } from './workload.js';

/** Agent runs per scenario, in two waves: 200 runs make 2,000 events. */
export const RUNS = 200;

/** The packages under test. */
export interface Subjects {
  TelemetryClient: new (options: TelemetryOptions) => TracingClient;
  createFetchTransport(options: FetchTransportOptions): Transport;
  startCollector(options: Record<string, unknown>): Promise<CollectorLike>;
}

/** The part of a running collector the count needs. */
export interface CollectorLike {
  url: string;
  store: { db: { prepare(sql: string): { get(): unknown } } };
  close(): Promise<void>;
}

/** What became of the events of one scenario. */
export interface Figures {
  scenario: string;
  produced: number;
  stats: DeliveryStats;
  /** The sum of every `flush()` and `close()` result. */
  flushed: FlushResult;
  /** Events in the collector's store, when there is a collector. */
  stored: number | undefined;
  /** Spans stored more than once (under different event ids). */
  duplicates: number | undefined;
  /** Stored children whose stored parent is in another trace or of the wrong kind. */
  misparented: number | undefined;
  /** Events the collector received again after storing them. */
  replayed: number;
  requests: number;
  maxInFlight: number;
  maxAttempts: number;
  waits: Wait[];
  unhandled: string[];
  userErrors: string[];
  wrongReturns: number;
  elapsedMs: number;
}

const FORWARD: Answer = { kind: 'forward' };
/** Room for all 2,000 events, so a transient fault loses none to a full queue. */
const ROOMY_QUEUE = 5000;
/** Idle time between the waves, in which background batches finish. */
const IDLE_MS = 300;

const sumOf = (results: FlushResult[]) => results.reduce((a, b) => ({
  sent: a.sent + b.sent, failed: a.failed + b.failed, dropped: a.dropped + b.dropped }));

/** Runs one scenario and returns its figures; a fault never makes it throw. */
export async function runScenario(scenario: Scenario, subjects: Subjects) {
  const collector = scenario.collector === undefined ? undefined
    : await subjects.startCollector({ port: 0, db: ':memory:', rateLimit: false,
      ...scenario.collector });
  const front = scenario.refused ? undefined : await startFront({
    target: collector?.url, answer: scenario.answer ?? (() => FORWARD),
    acceptDelayMs: scenario.acceptDelayMs });
  const endpoint = front?.url ?? `http://127.0.0.1:${await reservePort()}`;
  const transport = scenario.timeoutMs === undefined ? {}
    : { transport: subjects.createFetchTransport({ endpoint,
      timeoutMs: scenario.timeoutMs }) };
  const queue = scenario.transient ? { maxQueueSize: ROOMY_QUEUE } : {};
  const guard = watchProcess();
  const started = performance.now();

  try {
    const client = new subjects.TelemetryClient({ endpoint, ...queue,
      ...scenario.options, ...transport });
    const first = await produceEvents(client, RUNS / 2, 'wave1');
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const flushes = [await client.flush()];
    const second = await produceEvents(client, RUNS / 2, 'wave2');
    flushes.push(await client.flush(), await client.close());
    const elapsedMs = Math.round(performance.now() - started);

    const figures: Figures = {
      scenario: scenario.name,
      produced: first.produced + second.produced,
      stats: client.stats,
      flushed: sumOf(flushes),
      ...countStored(collector),
      replayed: front?.replayed ?? 0,
      requests: front?.requests ?? 0,
      maxInFlight: front?.maxInFlight ?? 0,
      maxAttempts: front?.maxAttempts ?? 0,
      waits: front?.waits ?? [],
      unhandled: await guard.stop(),
      userErrors: [...first.userErrors, ...second.userErrors],
      wrongReturns: first.wrongReturns + second.wrongReturns,
      elapsedMs,
    };
    return figures;
  } finally {
    await guard.stop();
    await front?.close();
    await collector?.close();
  }
}

const MISPARENTED_SQL = `SELECT COUNT(*) AS n FROM events c
  JOIN events p ON c.parent_span_id = p.span_id
  WHERE c.trace_id != p.trace_id
    OR (c.type = 'model_call' AND p.type != 'tool_execution')
    OR (c.type = 'tool_execution' AND p.type != 'agent')`;

function countStored(collector: CollectorLike | undefined) {
  if (!collector) return { stored: undefined, duplicates: undefined, misparented: undefined };
  const count = (sql: string) => (collector.store.db.prepare(sql).get() as { n: number }).n;
  const stored = count('SELECT COUNT(*) AS n FROM events');
  const spans = count('SELECT COUNT(DISTINCT span_id) AS n FROM events');
  return { stored, duplicates: stored - spans, misparented: count(MISPARENTED_SQL) };
}
