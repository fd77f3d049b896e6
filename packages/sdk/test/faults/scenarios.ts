/**
 * The faults the reliability suite puts the SDK through, one per way an
 * endpoint misbehaves: refusing connections, failing with a status,
 * asking to wait, hanging, resetting, accepting slowly, refusing large
 * batches, answering nonsense or rejecting some events. Most sit in
 * front of a real collector, so that what was stored can be counted.
 */
import type { TelemetryOptions } from '../../src/core/config.js';
import type { Answer, Arrival } from './servers.js';

/** One way for the endpoint to fail. */
export interface Scenario {
  name: string;
  /** The fault passes: every event must end up delivered. */
  transient: boolean;
  options: Partial<TelemetryOptions>;
  /** The loss reasons this fault may cause. */
  reasons: string[];
  /** Sends through a fetch transport with this request timeout. */
  timeoutMs?: number;
  /** Nothing listens: every connection is refused. */
  refused?: boolean;
  /** Options of the collector behind the front; none means no collector. */
  collector?: { maxEventsPerBatch?: number };
  acceptDelayMs?: number;
  answer?: (arrival: Arrival) => Answer;
}

const FORWARD: Answer = { kind: 'forward' };
const PERMANENT_LOSSES = ['retries_exhausted', 'queue_full'];

const status = (code: number, headers?: Record<string, string>): Answer =>
  ({ kind: 'status', status: code, headers });
/** The first try of one of the first `n` batches: each such batch fails once. */
const early = (a: Arrival, n: number) => a.attempt === 0 && a.request < n;

/** An HTTP date on a whole second, 1 to 2 s from now. */
const secondsAhead = () =>
  new Date((Math.floor(Date.now() / 1000) + 2) * 1000).toUTCString();

/** A fault that passes: batches of 100 events, a collector behind. */
function passing(name: string, answer: (a: Arrival) => Answer,
  extra: Partial<Scenario> = {}): Scenario {
  return { name, transient: true, collector: {}, options: { batchSize: 100 },
    reasons: [], answer, ...extra };
}

/** Every fault the reliability suite survives. */
export const SCENARIOS: Scenario[] = [
  { name: 'connection refused', transient: false, refused: true,
    options: { maxRetries: 1, batchSize: 100, maxQueueSize: 500 },
    reasons: PERMANENT_LOSSES },
  passing('HTTP 500 on the first attempt of each batch',
    (a) => (a.attempt === 0 ? status(500) : FORWARD)),
  { name: 'HTTP 503 on every attempt', transient: false, collector: {},
    options: { maxRetries: 2, batchSize: 250, maxQueueSize: 500 },
    reasons: PERMANENT_LOSSES, answer: () => status(503) },
  passing('429 with Retry-After in seconds',
    (a) => (early(a, 2) ? status(429, { 'retry-after': '1' }) : FORWARD)),
  passing('429 with Retry-After as an HTTP date',
    (a) => (early(a, 2) ? status(429, { 'retry-after': secondsAhead() }) : FORWARD)),
  passing('no answer before the request timeout',
    (a) => (early(a, 4) ? { kind: 'hang' } : FORWARD), { timeoutMs: 300 }),
  passing('stored, then no answer before the timeout',
    (a) => (early(a, 4) ? { kind: 'forward', then: 'hang' } : FORWARD),
    { timeoutMs: 300 }),
  passing('connection reset mid-response',
    (a) => (a.request % 3 === 0 && a.attempt === 0 ? { kind: 'reset' } : FORWARD)),
  passing('stored, then reset mid-response',
    (a) => (a.attempt === 0 ? { kind: 'forward', then: 'reset' } : FORWARD)),
  passing('slow accept (200 ms per connection)', () => FORWARD, { acceptDelayMs: 200 }),
  passing('HTTP 413 for batches over 30 events', () => FORWARD,
    { collector: { maxEventsPerBatch: 30 } }),
  passing('200 with a malformed body', () => ({ kind: 'forward', then: 'malformed' })),
  { name: '200 that rejects some events', transient: false, collector: {},
    options: { batchSize: 100 }, reasons: ['rejected_by_endpoint'],
    answer: () => ({ kind: 'forward', corrupt: (event) => event.name === 'tool1' }) },
];
