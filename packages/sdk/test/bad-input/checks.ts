/**
 * The checks every delivered event must pass whatever went into it, and a
 * client whose transport keeps each batch exactly as the wire would carry
 * it (the text of `JSON.stringify`), so checks read what would leave the
 * process.
 */
import type { WireBatch, WireEvent } from '../../src/core/schema.js';
import type { TelemetryOptions } from '../../src/core/config.js';
import type { HostileValue } from './corpus.js';

/** Longest JSON of one event: the collector's cap on one content field. */
export const MAX_EVENT_JSON_CHARS = 1_000_000;
/** The serializer's documented budget for one captured value. */
export const MAX_CONTENT_CHARS = 64_000;
const CONTENT_FIELDS = ['input', 'output', 'requestPayload', 'responsePayload'] as const;

/** Checks one event against the shared wire schema. */
export type Validate = (value: unknown) => { ok: true } | { ok: false; reason: string };

/** Builds a client; the tests pass the source build, the script the dist one. */
export type MakeClient<C> = (options: TelemetryOptions) => C;

/** A transport that keeps the JSON text of every batch. */
export function capturingTransport() {
  const bodies: string[] = [];
  return {
    bodies,
    transport: {
      async send(batch: WireBatch) {
        bodies.push(JSON.stringify(batch));
        return { kind: 'sent' as const };
      },
    },
    /** Every event sent so far, parsed back from its text. */
    events(): WireEvent[] {
      return bodies.flatMap((body) => (JSON.parse(body) as WireBatch).events);
    },
  };
}

/**
 * Everything wrong with one delivered event; empty when it is fine.
 * @param captured the hostile value went into a content or metadata field.
 */
export function problemsOf(event: WireEvent, validate: Validate,
  hostile?: HostileValue, captured = false): string[] {
  const problems: string[] = [];
  const result = validate(event);
  if (!result.ok) problems.push(`invalid: ${result.reason}`);
  const size = JSON.stringify(event).length;
  if (size > MAX_EVENT_JSON_CHARS) problems.push(`event of ${size} chars`);
  for (const field of CONTENT_FIELDS) {
    const text = event[field];
    if (typeof text === 'string' && text.length > MAX_CONTENT_CHARS) {
      problems.push(`${field} of ${text.length} chars`);
    }
  }
  if (hostile?.binaryBytes !== undefined) {
    problems.push(...binaryProblems(event, hostile, captured));
  }
  return problems;
}

/** Binary data must arrive as base64 or as a placeholder stating its size. */
function binaryProblems(event: WireEvent, hostile: HostileValue, captured: boolean) {
  const places = [...CONTENT_FIELDS.map((field) => event[field]), event.metadata];
  const text = places.map((place) => JSON.stringify(place ?? null)).join('\n');
  const problems: string[] = [];
  const described = text.includes('base64') || text.includes(`${hostile.binaryBytes} bytes`);
  if (captured && !described) {
    problems.push('binary data neither as base64 nor as a sized placeholder');
  }
  for (const place of places) {
    if (hasIndexKeyedObject(parseMaybe(place))) {
      problems.push('binary as an index-keyed object');
    }
  }
  return problems;
}

function parseMaybe(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** True for an object whose keys start `"0", "1", "2"`, anywhere inside the value. */
export function hasIndexKeyedObject(value: unknown): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === null || typeof item !== 'object') continue;
    const keys = Object.keys(item).slice(0, 3);
    if (!Array.isArray(item) && keys.join() === '0,1,2') return true;
    stack.push(...Object.values(item));
  }
  return false;
}

/** Runs `fn`; returns the name and message of what it threw, if anything. */
export function thrownBy(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    try {
      return `${(error as Error)?.name}: ${(error as Error)?.message}`;
    } catch {
      return 'an unprintable error';
    }
  }
}
