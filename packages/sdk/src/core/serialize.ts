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
import { REDACTED, type Redactor } from './redact.js';

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

/**
 * Binary data up to this size is inlined as base64 (4 KB of text), enough
 * for a small image or audio chunk; larger data becomes a placeholder
 * string such as `'[Uint8Array 1048576 bytes]'`, because megabytes of
 * base64 would crowd out everything else in the event.
 */
const MAX_INLINE_BINARY_BYTES = 3072;
/** Text past a cut that is still redacted, so a secret across the cut is seen whole. */
const REDACT_MARGIN_CHARS = 4096;
/** Caps `maxDepth` whatever the caller asks: the walk must never overflow the stack. */
const HARD_MAX_DEPTH = 256;
/** Budget kept back in `toContent` for markers and brackets past the limit. */
const MARKER_RESERVE_CHARS = 512;
/** Room a string gets however spent the budget is, so it never silently turns empty. */
const MIN_CUT_CHARS = 64;
const MAX_MESSAGE_CHARS = 200;
const MAX_DESCRIBE_CHARS = 1000;
const JSON_RETRIES = 3;

/** One walk's state: the objects above the current one and what is left to spend. */
interface Walk {
  limits: SerializeLimits;
  redactor: Redactor | undefined;
  ancestors: object[];
  /** JSON characters left; approximate, since escapes are not counted. */
  budget: number;
}

type JsonRecord = { [k: string]: JsonValue };

const tagOf = (value: object) => Object.prototype.toString.call(value).slice(8, -1);

/** `instanceof` misses errors from other realms (iframes, `vm`); the tag does not. */
const isError = (value: unknown): value is Error =>
  value instanceof Error ||
  (typeof value === 'object' && value !== null && tagOf(value) === 'Error');

/** Cuts to `limit` chars including the marker, never inside a surrogate pair. */
function cut(text: string, limit: number, fullLength = text.length, force = false) {
  if (text.length <= limit && !force) return text;
  const marker = `...[truncated from ${fullLength} chars]`;
  const room = limit - marker.length;
  let keep = Math.min(text.length, room > 0 ? room : limit);
  const last = text.charCodeAt(keep - 1);
  if (last >= 0xd800 && last <= 0xdbff) keep -= 1;
  return room > 0 ? text.slice(0, keep) + marker : text.slice(0, keep);
}

function mark(text: string, state: Walk): string {
  state.budget -= text.length + 2;
  return text;
}

/** Redacts, then cuts: a secret cut first could be left too short to recognise. */
function redactAndCut(value: string, limit: number, redactor: Redactor | undefined) {
  if (!redactor) return cut(value, limit);

  // Redacting megabytes only to keep a few kilobytes would be wasted work.
  const precut = value.length > limit + REDACT_MARGIN_CHARS;
  const text = precut ? value.slice(0, limit + REDACT_MARGIN_CHARS) : value;
  return cut(redactor.string(text), limit, value.length, precut);
}

function walkString(value: string, state: Walk): string {
  const room = Math.max(state.budget - 2, MIN_CUT_CHARS);
  const limit = Math.min(state.limits.maxStringChars, room);
  return mark(redactAndCut(value, limit, state.redactor), state);
}

function functionLabel(fn: unknown): string {
  try {
    const name = (fn as { name?: unknown }).name;
    return typeof name === 'string' && name !== '' ? `[Function ${name}]` : '[Function]';
  } catch {
    // A Proxy or a static getter can make `name` throw.
    return '[Function]';
  }
}

function messageOf(error: unknown): string {
  try {
    if (isError(error)) return String(error.message);
  } catch {
    // Fall through to the generic description.
  }
  return describe(error);
}

const unserializableText = (error: unknown) =>
  `[Unserializable: ${cut(messageOf(error), MAX_MESSAGE_CHARS)}]`;

/** The message may quote the data that failed, so it is redacted like data. */
const unserializable = (error: unknown, state: Walk) =>
  walkString(unserializableText(error), state);

/** `undefined` means "leave out": dropped in objects, `null` in arrays. */
function walk(
  value: unknown,
  depth: number,
  state: Walk,
  viaToJSON = false,
): JsonValue | undefined {
  switch (typeof value) {
    case 'string':
      return walkString(value, state);
    case 'number':
      // -0 becomes 0; NaN and the infinities become their names.
      state.budget -= String(value).length;
      return Number.isFinite(value) ? value + 0 : String(value);
    case 'boolean':
      state.budget -= 5;
      return value;
    case 'bigint':
      return mark(value.toString(), state);
    case 'symbol':
      return walkString(`[${String(value)}]`, state);
    case 'function':
      return walkString(functionLabel(value), state);
    case 'undefined':
      return undefined;
  }
  if (value === null) {
    state.budget -= 4;
    return null;
  }
  return walkObject(value as object, depth, state, viaToJSON);
}

function walkObject(obj: object, depth: number, state: Walk, viaToJSON: boolean) {
  if (state.ancestors.includes(obj)) return mark(CIRCULAR, state);
  state.ancestors.push(obj);
  try {
    return walkKnown(obj, depth, state, viaToJSON);
  } catch (error) {
    // Throwing getters, toJSON and Proxy traps all end up here.
    return unserializable(error, state);
  } finally {
    state.ancestors.pop();
  }
}

function walkKnown(obj: object, depth: number, state: Walk, viaToJSON: boolean) {
  if (ArrayBuffer.isView(obj) || isArrayBuffer(obj)) return walkBinary(obj, state);
  if (obj instanceof Date) {
    return mark(Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString(), state);
  }
  if (obj instanceof RegExp) return walkString(String(obj), state);
  if (obj instanceof String || obj instanceof Number || obj instanceof Boolean) {
    return walk(obj.valueOf(), depth, state);
  }
  const toJSON = viaToJSON ? undefined : (obj as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const result: unknown = toJSON.call(obj);
    // `return this` asks for the object's own fields, as JSON.stringify gives.
    if (result !== obj) return walk(result, depth, state, true);
  }

  if (depth >= state.limits.maxDepth) return mark(DEPTH_LIMIT, state);
  if (Array.isArray(obj)) return walkList(obj.length, (i) => obj[i], depth, state);
  if (obj instanceof Map) return walkMap(obj, depth, state);
  if (obj instanceof Set) {
    const items = take(obj.values(), state.limits.maxKeys);
    return walkList(obj.size, (i) => items[i], depth, state);
  }
  const record = obj as Record<string, unknown>;
  const keys = isError(obj) ? errorKeys(obj) : Object.keys(obj);
  return walkRecord(keys, keys.length, (key) => record[key], depth, state);
}

function isArrayBuffer(obj: object): obj is ArrayBuffer {
  if (obj instanceof ArrayBuffer) return true;
  return typeof SharedArrayBuffer === 'function' && obj instanceof SharedArrayBuffer;
}

/** Inline base64 when small, a placeholder otherwise; never an index-keyed object. */
function walkBinary(data: ArrayBufferView | ArrayBuffer, state: Walk): JsonValue {
  const type = tagOf(data);
  const bytes = data.byteLength;
  const base64Chars = Math.ceil(bytes / 3) * 4;
  const fits = bytes <= MAX_INLINE_BINARY_BYTES && base64Chars <= state.budget;
  if (!fits || typeof btoa !== 'function') return mark(`[${type} ${bytes} bytes]`, state);

  const view = ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, bytes)
    : new Uint8Array(data);
  const base64 = btoa(String.fromCharCode(...view));
  state.budget -= base64.length + type.length + 40;
  return { type, base64, bytes };
}

/** The first `count` items, without copying a million-entry Map or Set. */
function take<T>(items: Iterator<T>, count: number): T[] {
  const out: T[] = [];
  while (out.length < count) {
    const next = items.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

/** A Map with string or number keys reads best as an object; others as pairs. */
function walkMap(map: Map<unknown, unknown>, depth: number, state: Walk): JsonValue {
  const entries = take(map.entries(), state.limits.maxKeys);
  const plainKeys = entries.every(([key]) => ['string', 'number'].includes(typeof key));
  if (!plainKeys) return walkList(map.size, (i) => entries[i], depth, state);
  const keys = entries.map(([key]) => String(key));
  return walkRecord(keys, map.size, (_key, i) => entries[i]?.[1], depth, state);
}

/** Name, message and stack are not enumerable, so they are asked for by name. */
function errorKeys(error: Error): string[] {
  const keys = ['name', 'message', 'stack'];
  for (const key of ['cause', 'errors']) if (key in error) keys.push(key);
  for (const key of Object.keys(error)) if (!keys.includes(key)) keys.push(key);
  return keys;
}

type Read = (i: number) => unknown;

/** Reads entries until `maxKeys` or the budget runs out, then counts the rest. */
function walkList(size: number, read: Read, depth: number, state: Walk): JsonValue[] {
  const out: JsonValue[] = [];
  const count = Math.min(size, state.limits.maxKeys);
  state.budget -= 2;
  let i = 0;
  for (; i < count && state.budget > 0; i++) {
    state.budget -= 1;
    try {
      out.push(walk(read(i), depth + 1, state) ?? null);
    } catch (error) {
      out.push(unserializable(error, state));
    }
  }

  if (i < size) out.push(mark(`${TRUNCATED} ${size - i} more items`, state));
  return out;
}

type ReadKey = (key: string, i: number) => unknown;

/** Like {@link walkList}; values under secret keys are never even walked. */
function walkRecord(
  keys: readonly string[],
  size: number,
  read: ReadKey,
  depth: number,
  state: Walk,
): JsonRecord {
  const out: JsonRecord = {};
  const count = Math.min(keys.length, state.limits.maxKeys);
  state.budget -= 2;
  let i = 0;
  for (; i < count && state.budget > 0; i++) {
    const key = keys[i] ?? '';
    state.budget -= key.length + 4;
    let value: JsonValue | undefined;
    try {
      const raw = read(key, i);
      const secret = raw !== undefined && state.redactor?.isSecretKey(key);
      value = secret ? mark(REDACTED, state) : walk(raw, depth + 1, state);
    } catch (error) {
      value = unserializable(error, state);
    }
    if (value === undefined) continue;
    const outKey = state.redactor ? state.redactor.string(key) : key;
    setKey(out, cut(outKey, state.limits.maxStringChars), value);
  }

  if (i < size) setKey(out, TRUNCATED, mark(`${size - i} more keys`, state));
  return out;
}

/** Plain assignment of `__proto__` would set the prototype instead of a key. */
function setKey(out: JsonRecord, key: string, value: JsonValue): void {
  if (key !== '__proto__') out[key] = value;
  else Object.defineProperty(out, key, { value, enumerable: true, writable: true });
}

function resolveLimits(limits: Partial<SerializeLimits> | undefined): SerializeLimits {
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

function newWalk(limits: SerializeLimits, options: SerializeOptions | undefined): Walk {
  const budget = limits.maxTotalChars;
  return { limits, redactor: options?.redactor, ancestors: [], budget };
}

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
    return walk(value, 0, newWalk(resolveLimits(options?.limits), options)) ?? null;
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
    const state = newWalk({ ...limits, maxStringChars }, options);
    state.budget = budget;
    text = JSON.stringify(walk(value, 0, state) ?? null);
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
  const result = sanitize(value, options);
  const isObject = typeof result === 'object' && result !== null;
  return isObject && !Array.isArray(result) ? result : { value: result };
}

/**
 * A safe `String(value)` for log lines: never throws, gives `name: message`
 * for errors (not `{}`), and is at most 1000 chars long.
 */
export function describe(value: unknown): string {
  try {
    if (isError(value)) {
      const name = String(value.name);
      const message = String(value.message);
      return cut(message === '' ? name : `${name}: ${message}`, MAX_DESCRIBE_CHARS);
    }
    return cut(String(value), MAX_DESCRIBE_CHARS);
  } catch {
    // Null-prototype objects and hostile toString/Proxy traps land here.
  }
  try {
    return Object.prototype.toString.call(value);
  } catch {
    return '[Unknown]';
  }
}
