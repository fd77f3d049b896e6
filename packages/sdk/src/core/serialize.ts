/**
 * Turns whatever the user hands us (prompts, tool arguments, SDK response
 * objects, errors) into JSON-safe values within size limits. One recursive
 * walk with an ancestor stack and a character budget; nothing here throws,
 * whatever the input, because a telemetry SDK must never break the app.
 *
 * @example
 * ```ts
 * const redactor = createRedactor();
 * toContent({ headers: { Authorization: 'Bearer abc' } }, { redactor });
 * // '{"headers":{"Authorization":"[REDACTED]"}}'
 * ```
 */
import type { Redactor } from './redact.js';
import type { Span, TokenCounts } from './span.js';
import {
  JSON_RETRIES,
  newWalk,
  redactAndCut,
  MARKER_RESERVE_CHARS,
} from './serialize-walk.js';
import {
  TRUNCATED,
  resolveLimits,
  type JsonValue,
  type SerializeLimits,
  type SerializeOptions,
} from './serialize-types.js';
import { unserializableText } from './serialize-text.js';

export { DEFAULT_LIMITS, CIRCULAR, DEPTH_LIMIT, TRUNCATED } from './serialize-types.js';
export type { JsonValue, SerializeLimits, SerializeOptions } from './serialize-types.js';
export { describe } from './serialize-text.js';

/**
 * Faster ways to the same results, which a runtime entry may plug in: Node
 * does, where events are built by the hundred thousand; browsers keep the
 * smaller bundle. Each gives exactly what the general path would.
 */
export interface FastPaths {
  /**
   * True when the span holds nothing the user's code could still change,
   * so its event may be built later, with its batch, and come out the same
   * (never with a `beforeSend`, which sees each event as its span ends).
   */
  isSettled?(span: Span, options: { beforeSend?: unknown }): boolean;
  /** What {@link toJsonObject} gives for `value`, or `undefined` to walk it. */
  flatObject?(value: unknown, options?: SerializeOptions):
    Record<string, JsonValue> | undefined;
  /** `mergeTokens` (see span.ts) with each field read by name. */
  mergeTokens?(target: TokenCounts, counts: TokenCounts): string | undefined;
  /** What `toIsoString` (see time.ts) gives, faster. */
  isoString?(ms: number): string;
  /** `redactor.string(text)` for a short text that comes back often. */
  redactShort?(text: string, redactor: Redactor): string;
}

/** The fast paths plugged in; none by default. */
export const fastPaths: FastPaths = {};

/**
 * Turns any value into a JSON-safe value within the limits. Never throws,
 * whatever the input; top-level `undefined` becomes `null`.
 *
 * @example
 * ```ts
 * sanitize({ id: 1n, at: new Date(0), tags: new Set(['a']) });
 * // { id: '1', at: '1970-01-01T00:00:00.000Z', tags: ['a'] }
 * ```
 */
export function sanitize(value: unknown, options?: SerializeOptions): JsonValue {
  try {
    return newWalk(resolveLimits(options?.limits), options)(value) ?? null;
  } catch (error) {
    // Only a hostile `options` object can get here; the walk absorbs the rest.
    return unserializableText(error);
  }
}

/**
 * For `input`, `output` and payload fields. A string stays a string
 * (redacted, cut to `maxStringChars` and `maxTotalChars`); anything else
 * becomes `JSON.stringify(sanitize(value))`, at most `maxTotalChars` long
 * (only a limit smaller than a marker can push it past). Never throws;
 * `undefined` gives `undefined`.
 */
export function toContent(
  value: unknown,
  options?: SerializeOptions,
): string | undefined {
  if (value === undefined) return undefined;
  try {
    const limits = resolveLimits(options?.limits);
    if (typeof value !== 'string') return toJsonText(value, limits, options);
    const limit = Math.min(limits.maxStringChars, limits.maxTotalChars);
    return redactAndCut(value, limit, options?.redactor);
  } catch (error) {
    return JSON.stringify(unserializableText(error));
  }
}

/**
 * The walk's budget ignores JSON escapes (a quote costs 2 chars, a lone
 * surrogate 6), so text that still comes out too long is built again
 * with every limit shrunk in proportion.
 */
function toJsonText(value: unknown, limits: SerializeLimits, options?: SerializeOptions) {
  const max = limits.maxTotalChars;
  let budget = max - Math.min(MARKER_RESERVE_CHARS, Math.floor(max / 8));
  let maxStringChars = limits.maxStringChars;
  let text = '';
  for (let attempt = 0; attempt < JSON_RETRIES; attempt++) {
    const walk = newWalk({ ...limits, maxStringChars }, options, budget);
    text = JSON.stringify(walk(value) ?? null);
    if (text.length <= max) return text;

    const ratio = (max / text.length) * 0.9;
    budget = Math.floor(budget * ratio);
    maxStringChars = Math.floor(Math.min(maxStringChars, budget) * ratio);
  }
  return JSON.stringify(`${TRUNCATED} ${text.length} chars`);
}

/**
 * For `metadata`: always a plain JSON object. Objects are sanitized;
 * any other value is wrapped as `{ value: ... }`; `null` and `undefined`
 * give `{}`. Never throws.
 */
export function toJsonObject(
  value: unknown,
  options?: SerializeOptions,
): Record<string, JsonValue> {
  if (value === undefined || value === null) return {};
  const flat = fastPaths.flatObject?.(value, options);
  if (flat) return flat;
  const result = sanitize(value, options);
  const isObject = typeof result === 'object' && result !== null;
  return isObject && !Array.isArray(result) ? result : { value: result };
}

