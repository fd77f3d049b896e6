/**
 * Hand-built wire events and a small HTTP client for the collector tests.
 * Ids come from a counter so that failures are reproducible.
 */
import { request as httpRequest } from 'node:http';
import type { WireEvent } from '@robotforge/sdk/schema';
import { startCollector } from '../src/index.js';
import type { CollectorOptions } from '../src/options.js';

let counter = 0;

function nextNumber(): number {
  counter += 1;
  return counter;
}

/** A 21-character id in nanoid's alphabet, unique per call. */
export function eventId(): string {
  return `ev_${nextNumber().toString(36).padStart(18, '0')}`;
}

/** `length` lowercase hex digits, unique per call. */
export function hexId(length: 32 | 16): string {
  return nextNumber().toString(16).padStart(length, '0').slice(-length);
}

/** Milliseconds since the epoch as wire time (ISO, ms, Z). */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A base time for tests: 2025-01-01T12:00:00.000Z. */
export const T0_MS = Date.UTC(2025, 0, 1, 12);

/** A valid model call event, starting at T0; any field can be overridden. */
export function makeEvent(overrides: Partial<WireEvent> = {}): WireEvent {
  const startMs = T0_MS;
  return {
    eventId: eventId(),
    traceId: hexId(32),
    spanId: hexId(16),
    parentSpanId: null,
    type: 'model_call',
    name: 'chat',
    status: 'success',
    startTime: iso(startMs),
    endTime: iso(startMs + 100),
    latencyMs: 100,
    provider: 'openai',
    model: 'gpt-4o-mini',
    tokens: { input: 10, output: 5, total: 15 },
    cost: 0.001,
    input: 'hello',
    output: 'hi there',
    ...overrides,
  };
}

/** A span of `traceId` at `offsetMs` after `startMs` lasting `durationMs`. */
export function spanAt(
  traceId: string,
  startMs: number,
  offsetMs: number,
  durationMs: number,
  overrides: Partial<WireEvent> = {},
): WireEvent {
  return makeEvent({
    traceId,
    startTime: iso(startMs + offsetMs),
    endTime: iso(startMs + offsetMs + durationMs),
    latencyMs: durationMs,
    ...overrides,
  });
}

const STACK = 'TypeError: boom\n    at search';

/**
 * An agent trace: an agent root whose usage repeats its two model calls,
 * plus a failing tool call. Model calls hold 15 + 25 tokens, 0.001 + 0.002.
 */
export function agentTrace(
  startMs = T0_MS,
  overrides: Partial<WireEvent> = {},
): WireEvent[] {
  const traceId = hexId(32);
  const root = spanAt(traceId, startMs, 0, 1_000, {
    type: 'agent', name: 'planner', agentName: 'planner', model: null, provider: null,
    tokens: { input: 30, output: 10, total: 40 }, cost: 0.003, ...overrides,
  });
  const child = (offset: number, extra: Partial<WireEvent>) =>
    spanAt(traceId, startMs, offset, 200, {
      parentSpanId: root.spanId, ...overrides, ...extra,
    });
  return [
    root,
    child(100, { name: 'first call' }),
    child(400, {
      name: 'second call', tokens: { input: 20, output: 5, total: 25 }, cost: 0.002,
    }),
    child(700, {
      type: 'tool_execution', name: 'search', toolName: 'search', status: 'error',
      model: null, provider: null, tokens: null, cost: null,
      error: { type: 'TypeError', message: 'boom', stack: STACK },
    }),
  ];
}

/** A batch envelope around `events`. */
export function makeBatch(events: unknown[], extra: Record<string, unknown> = {}) {
  return {
    sentAt: iso(T0_MS),
    sdk: { name: '@robotforge/sdk', version: '0.1.0', runtime: 'node' },
    ...extra,
    events,
  };
}

/** An answer read in full. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/**
 * Sends one request with node:http, which (unlike fetch) sends the path
 * and an Origin header exactly as given.
 */
export function send(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method, path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** POSTs a JSON batch to /v1/events. */
export function postBatch(
  baseUrl: string,
  batch: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return send(baseUrl, 'POST', '/v1/events', {
    body: JSON.stringify(batch),
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** Starts a collector on a free port with an in-memory store. */
export function startTestCollector(options: CollectorOptions = {}) {
  return startCollector({ port: 0, db: ':memory:', ...options });
}
