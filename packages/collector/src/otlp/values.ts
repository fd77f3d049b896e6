/**
 * Reading untrusted OTLP values: attribute lists into plain maps, ids in
 * hex or base64 into hex, and nanosecond times in string or number form.
 * Nothing here throws; what cannot be read is absent.
 */

/** An attribute value as plain JSON. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue };

type Json = Record<string, unknown>;

const NANOS_PER_MS = 1_000_000n;
const HEX_ID = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
/** Nesting depth kept for array and key-value list attributes. */
const MAX_VALUE_DEPTH = 8;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An `AnyValue` as plain JSON; int64 beyond 2^53 stays a decimal string. */
export function readAnyValue(value: unknown, depth = 0): AttributeValue {
  if (!isObject(value) || depth > MAX_VALUE_DEPTH) return null;
  if (typeof value.stringValue === 'string') return value.stringValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  if (value.intValue !== undefined) return readInt(value.intValue);
  if (value.doubleValue !== undefined) {
    const n = Number(value.doubleValue);
    return Number.isFinite(n) ? n : null;
  }
  if (isObject(value.arrayValue)) {
    const values = Array.isArray(value.arrayValue.values) ? value.arrayValue.values : [];
    return values.map((item) => readAnyValue(item, depth + 1));
  }
  if (isObject(value.kvlistValue)) {
    return Object.fromEntries(readAttributes(value.kvlistValue.values, depth + 1));
  }
  if (typeof value.bytesValue === 'string') return value.bytesValue;
  return null;
}

function readInt(value: unknown): AttributeValue {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/** A `KeyValue` list as a map; later duplicates win. */
export function readAttributes(list: unknown, depth = 0): Map<string, AttributeValue> {
  const map = new Map<string, AttributeValue>();
  if (!Array.isArray(list)) return map;
  for (const item of list) {
    if (isObject(item) && typeof item.key === 'string') {
      map.set(item.key, readAnyValue(item.value, depth));
    }
  }
  return map;
}

/**
 * A trace or span id as lowercase hex. OTLP/JSON sends hex; protobuf
 * decoding (and some non-conforming JSON senders) give base64.
 * @returns undefined for a missing, malformed or all-zero id.
 */
export function readId(value: unknown, bytes: 16 | 8): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  let hex: string | undefined;
  if (value.length === bytes * 2 && HEX_ID.test(value)) hex = value.toLowerCase();
  else if (BASE64.test(value)) {
    const decoded = Buffer.from(value, 'base64');
    if (decoded.length === bytes) hex = decoded.toString('hex');
  }
  return hex && /[^0]/.test(hex) ? hex : undefined;
}

/** A `fixed64` nanosecond time, as a string or a number, in BigInt. */
export function readNanos(value: unknown): bigint | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    return BigInt(Math.round(value));
  }
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return BigInt(value);
  return undefined;
}

/** Nanoseconds to whole epoch milliseconds, and the sub-millisecond rest. */
export function nanosToMs(nanos: bigint): number {
  return Number(nanos / NANOS_PER_MS) + Number(nanos % NANOS_PER_MS) / 1e6;
}

/** An enum that proto3 JSON may send as its number or its name. */
export function readEnum(value: unknown, names: readonly string[]): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    const index = names.indexOf(value);
    if (index >= 0) return index;
    if (/^\d+$/.test(value)) return Number(value);
  }
  return 0;
}

/** Cuts text to the wire format's limit instead of refusing the span. */
export function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 14)}…[truncated]` : value;
}
