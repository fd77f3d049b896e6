/**
 * The walk behind `serialize.ts`: one recursive pass over a value with an
 * ancestor stack (for cycles) and a character budget (for size), producing
 * a JSON-safe copy. Kept apart from the public functions that drive it.
 */
import { REDACTED, type Redactor } from './redact.js';
import {
  type JsonValue,
  type SerializeLimits,
  type SerializeOptions,
  CIRCULAR,
  DEPTH_LIMIT,
  TRUNCATED,
} from './serialize-types.js';
import {
  MIN_CUT_CHARS,
  tagOf,
  isError,
  cut,
  functionLabel,
  unserializableText,
} from './serialize-text.js';

/**
 * Binary data up to this size is inlined as base64 (4 KB of text), enough
 * for a small image or audio chunk; larger data becomes a placeholder
 * string such as `'[Uint8Array 1048576 bytes]'`, because megabytes of
 * base64 would crowd out everything else in the event.
 */
const MAX_INLINE_BINARY_BYTES = 3072;
/** Text past a cut that is still redacted, so a secret across the cut is seen whole. */
const REDACT_MARGIN_CHARS = 4096;
/** Budget kept back in `toContent` for markers and brackets past the limit. */
export const MARKER_RESERVE_CHARS = 512;
export const JSON_RETRIES = 3;

/** One walk's state: the objects above the current one and what is left to spend. */
interface Walk {
  limits: SerializeLimits;
  redactor: Redactor | undefined;
  ancestors: object[];
  /** JSON characters left; approximate, since escapes are not counted. */
  budget: number;
}

type JsonRecord = { [k: string]: JsonValue };




function mark(text: string, state: Walk): string {
  state.budget -= text.length + 2;
  return text;
}

/** Redacts, then cuts: a secret cut first could be left too short to recognise. */
export function redactAndCut(value: string, limit: number, redactor: Redactor | undefined) {
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




/** The message may quote the data that failed, so it is redacted like data. */
const unserializable = (error: unknown, state: Walk) =>
  walkString(unserializableText(error), state);

/** `undefined` means "leave out": dropped in objects, `null` in arrays. */
export function walk(
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


export function newWalk(limits: SerializeLimits, options: SerializeOptions | undefined): Walk {
  const budget = limits.maxTotalChars;
  return { limits, redactor: options?.redactor, ancestors: [], budget };
}

