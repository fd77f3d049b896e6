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
import { platformForm } from './serialize-platform.js';

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

type JsonRecord = { [k: string]: JsonValue };

/** `undefined` means "leave out": dropped in objects, `null` in arrays. */
type Out = JsonValue | undefined;

/** Walks one value. */
export type Walk = (value: unknown) => Out;

/** Redacts, then cuts: a secret cut first could be left too short to recognise. */
export function redactAndCut(value: string, limit: number, redactor: Redactor | undefined) {
  if (!redactor) return cut(value, limit);

  // Redacting megabytes only to keep a few kilobytes would be wasted work.
  const precut = value.length > limit + REDACT_MARGIN_CHARS;
  const text = precut ? value.slice(0, limit + REDACT_MARGIN_CHARS) : value;
  return cut(redactor.string(text), limit, value.length, precut);
}

function isArrayBuffer(obj: object): obj is ArrayBuffer {
  if (obj instanceof ArrayBuffer) return true;
  return typeof SharedArrayBuffer === 'function' && obj instanceof SharedArrayBuffer;
}

/** Name, message and stack are not enumerable, so they are asked for by name. */
function errorKeys(error: Error): string[] {
  const keys = ['name', 'message', 'stack'];
  for (const key of ['cause', 'errors']) if (key in error) keys.push(key);
  for (const key of Object.keys(error)) if (!keys.includes(key)) keys.push(key);
  return keys;
}

/**
 * Stores one entry. Plain assignment of a `__proto__` key (JSON.parse
 * makes them) would set the prototype instead, and the entry would vanish.
 */
export function setKey<T>(out: Record<string, T>, key: string, value: T): void {
  if (key !== '__proto__') out[key] = value;
  else Object.defineProperty(out, key, { value, enumerable: true, writable: true });
}

/**
 * A walk within `limits`, with `budget` JSON characters to spend (approximate,
 * since escapes are not counted). The state lives in this closure: the
 * objects above the current one, and what is left to spend.
 */
export function newWalk(
  limits: SerializeLimits,
  options: SerializeOptions | undefined,
  budget = limits.maxTotalChars,
): Walk {
  const { maxStringChars, maxKeys } = limits;
  const redactor = options?.redactor;
  const ancestors: object[] = [];

  const mark = (text: string): string => {
    budget -= text.length + 2;
    return text;
  };
  const string = (value: string) => {
    const room = Math.max(budget - 2, MIN_CUT_CHARS);
    return mark(redactAndCut(value, Math.min(maxStringChars, room), redactor));
  };
  /** The message may quote the data that failed, so it is redacted like data. */
  const unserializable = (error: unknown) => string(unserializableText(error));

  function walk(value: unknown, depth: number, viaToJSON?: boolean): Out {
    switch (typeof value) {
      case 'string':
        return string(value);
      case 'number':
        // -0 becomes 0; NaN and the infinities become their names.
        budget -= String(value).length;
        return Number.isFinite(value) ? value + 0 : String(value);
      case 'boolean':
        budget -= 5;
        return value;
      case 'bigint':
        return mark(value.toString());
      case 'symbol':
        return string(`[${String(value)}]`);
      case 'function':
        return string(functionLabel(value));
      case 'undefined':
        return undefined;
    }
    if (value === null) {
      budget -= 4;
      return null;
    }
    const obj = value as object;
    if (ancestors.includes(obj)) return mark(CIRCULAR);
    ancestors.push(obj);
    try {
      return walkObject(obj, depth, viaToJSON);
    } catch (error) {
      // Throwing getters, toJSON and Proxy traps all end up here.
      return unserializable(error);
    } finally {
      ancestors.pop();
    }
  }

  function walkObject(obj: object, depth: number, viaToJSON?: boolean): Out {
    if (ArrayBuffer.isView(obj) || isArrayBuffer(obj)) return walkBinary(obj);
    if (obj instanceof Date) {
      return mark(Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString());
    }
    if (obj instanceof RegExp) return string(String(obj));
    if (obj instanceof String || obj instanceof Number || obj instanceof Boolean) {
      return walk(obj.valueOf(), depth);
    }
    const toJSON = viaToJSON ? undefined : (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      const result: unknown = toJSON.call(obj);
      // `return this` asks for the object's own fields, as JSON.stringify gives.
      if (result !== obj) return walk(result, depth, true);
    }

    if (depth >= limits.maxDepth) return mark(DEPTH_LIMIT);
    if (Array.isArray(obj)) return walkList(obj.length, (i) => obj[i], depth);
    if (obj instanceof Map) return walkEntries(obj.entries(), depth, obj.size);
    if (obj instanceof Set) {
      const items = take(obj.values());
      return walkList(obj.size, (i) => items[i], depth);
    }
    const form = platformForm(obj, redactor !== undefined);
    if (form) {
      if ('text' in form) return string(form.text);
      if ('entries' in form) return walkEntries(form.entries, depth);
      return walk(form.record, depth);
    }
    const record = obj as Record<string, unknown>;
    const keys = isError(obj) ? errorKeys(obj) : Object.keys(obj);
    // Nothing in own keys (a Promise, a WeakMap, a stream, an AbortSignal):
    // the type says more than `{}`. Plain objects and classes are `Object`.
    const tag = tagOf(obj);
    if (keys.length === 0 && tag !== 'Object') return string(`[${tag}]`);
    return walkRecord(keys, keys.length, (key) => record[key], depth);
  }

  /**
   * Entries read best as an object when their keys are distinct strings or
   * numbers; otherwise (repeated form fields, `set-cookie`) as pairs.
   */
  function walkEntries(entryIterator: Iterator<[unknown, unknown]>, depth: number,
    known?: number) {
    const entries = take(entryIterator);
    let size = known ?? entries.length;
    // Counted, not kept, so the truncation marker tells how many are left.
    if (known === undefined && size === maxKeys) {
      while (!entryIterator.next().done) size++;
    }
    const keys = entries.map(([key]) => key);
    const named = keys.every((key) => ['string', 'number'].includes(typeof key));
    const texts = keys.map(String);
    if (!named || new Set(texts).size < texts.length) {
      return walkList(size, (i) => entries[i], depth);
    }
    return walkRecord(texts, size, (_key, i) => entries[i]?.[1], depth);
  }

  /** Inline base64 when small, a placeholder otherwise; never an index-keyed object. */
  function walkBinary(data: ArrayBufferView | ArrayBuffer): JsonValue {
    const type = tagOf(data);
    const bytes = data.byteLength;
    const fits = bytes <= MAX_INLINE_BINARY_BYTES && Math.ceil(bytes / 3) * 4 <= budget;
    if (!fits || typeof btoa !== 'function') return mark(`[${type} ${bytes} bytes]`);

    const view = ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, bytes)
      : new Uint8Array(data);
    const base64 = btoa(String.fromCharCode(...view));
    budget -= base64.length + type.length + 40;
    return { type, base64, bytes };
  }

  /** The first `maxKeys` items, without copying a million-entry Map or Set. */
  function take<T>(items: Iterator<T>): T[] {
    const out: T[] = [];
    while (out.length < maxKeys) {
      const next = items.next();
      if (next.done) break;
      out.push(next.value);
    }
    return out;
  }

  /** Reads entries until `maxKeys` or the budget runs out, then counts the rest. */
  function walkList(size: number, read: (i: number) => unknown, depth: number) {
    const out: JsonValue[] = [];
    const count = Math.min(size, maxKeys);
    budget -= 2;
    let i = 0;
    // Header lists come as flat arrays (`rawHeaders`) or pairs: a value right
    // after a secret key's name is a secret too.
    let afterSecretKey = false;
    for (; i < count && budget > 0; i++) {
      budget -= 1;
      try {
        const item = read(i);
        out.push(afterSecretKey && typeof item !== 'object'
          ? mark(REDACTED)
          : walk(item, depth + 1) ?? null);
        afterSecretKey = typeof item === 'string' && redactor?.isSecretKey(item) === true;
      } catch (error) {
        out.push(unserializable(error));
        afterSecretKey = false;
      }
    }

    if (i < size) out.push(mark(`${TRUNCATED} ${size - i} more items`));
    return out;
  }

  /** Like {@link walkList}; values under secret keys are never even walked. */
  function walkRecord(
    keys: readonly string[],
    size: number,
    read: (key: string, i: number) => unknown,
    depth: number,
  ): JsonRecord {
    const out: JsonRecord = {};
    const count = Math.min(keys.length, maxKeys);
    budget -= 2;
    let i = 0;
    for (; i < count && budget > 0; i++) {
      const key = keys[i] ?? '';
      budget -= key.length + 4;
      let value: Out;
      try {
        const raw = read(key, i);
        const secret = raw !== undefined && redactor?.isSecretKey(key);
        value = secret ? mark(REDACTED) : walk(raw, depth + 1);
      } catch (error) {
        value = unserializable(error);
      }
      if (value === undefined) continue;
      setKey(out, cut(redactor ? redactor.string(key) : key, maxStringChars), value);
    }

    if (i < size) out[TRUNCATED] = mark(`${size - i} more keys`);
    return out;
  }

  return (value) => walk(value, 0);
}
