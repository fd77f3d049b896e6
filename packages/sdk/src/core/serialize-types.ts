/**
 * The serializer's vocabulary: the JSON value type, size limits and their
 * defaults, and the marker strings that stand in for what was left out.
 */
import type { Redactor } from './redact.js';

/** A value that `JSON.stringify` turns into text unchanged. */
export type JsonValue =
  | null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** Size limits for one serialized value. */
export interface SerializeLimits {
  /** One string longer than this is cut, with a marker saying how long it was. */
  maxStringChars: number;
  /** Objects and arrays nested deeper than this become `'[Depth limit]'`. */
  maxDepth: number;
  /** Entries kept per object, array, Map or Set; the rest become one marker. */
  maxKeys: number;
  /**
   * Approximate output budget, in characters of JSON, for one value. Past
   * it, remaining entries are replaced by a truncation marker.
   */
  maxTotalChars: number;
}

/**
 * 32 000 chars per string (a long prompt keeps its useful part), depth 24
 * (agent state rarely nests deeper and a cycle-free deep chain is usually
 * a linked structure that nobody reads), 500 entries per container and
 * 64 000 chars per value, well under the collector's 1 000 000 per field.
 */
export const DEFAULT_LIMITS: Readonly<SerializeLimits> = Object.freeze({
  maxStringChars: 32_000,
  maxDepth: 24,
  maxKeys: 500,
  maxTotalChars: 64_000,
});

/** Options of {@link sanitize}, {@link toContent} and {@link toJsonObject}. */
export interface SerializeOptions {
  /** Overrides for {@link DEFAULT_LIMITS}; a negative or non-number uses the default. */
  limits?: Partial<SerializeLimits>;
  /** Applied to every string and object key; no redaction without it. */
  redactor?: Redactor;
}

/** Stands for an object that is its own ancestor. */
export const CIRCULAR = '[Circular]';
/** Stands for an object or array nested deeper than `maxDepth`. */
export const DEPTH_LIMIT = '[Depth limit]';
/** Key (in objects) or prefix (in arrays) of the marker for dropped entries. */
export const TRUNCATED = '[Truncated]';

/** Caps `maxDepth` whatever the caller asks: the walk must never overflow the stack. */
export const HARD_MAX_DEPTH = 256;

/** Limits with defaults for anything missing or invalid. */
export function resolveLimits(limits: Partial<SerializeLimits> | undefined): SerializeLimits {
  if (!limits) return DEFAULT_LIMITS;
  const pick = (name: keyof SerializeLimits) => {
    const value = limits[name];
    const valid = typeof value === 'number' && value >= 0;
    return valid ? Math.floor(value) : DEFAULT_LIMITS[name];
  };
  return {
    maxStringChars: pick('maxStringChars'),
    maxDepth: Math.min(pick('maxDepth'), HARD_MAX_DEPTH),
    maxKeys: pick('maxKeys'),
    maxTotalChars: pick('maxTotalChars'),
  };
}
