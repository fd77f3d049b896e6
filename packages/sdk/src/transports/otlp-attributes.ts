/**
 * OTLP/JSON values: the shapes of a trace export request, and a builder
 * for attribute lists. In OTLP/JSON, ids are lowercase hex, 64-bit
 * integers (times, `intValue`) are decimal strings, enums are numbers.
 */

/** An attribute value: exactly one of its fields is set. */
export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  /** A 64-bit integer, as a decimal string. */
  intValue?: string;
  doubleValue?: number;
  arrayValue?: { values: OtlpAnyValue[] };
}

/** One attribute. */
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

/** A span event, such as the `exception` of a failed span. */
export interface OtlpSpanEvent {
  timeUnixNano: string;
  name: string;
  attributes: OtlpKeyValue[];
}

/** One span of an export request. */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  flags: number;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  events: OtlpSpanEvent[];
  status: { code: number; message?: string };
}

/** The body of `POST /v1/traces`. */
export interface OtlpTraceRequest {
  resourceSpans: {
    resource: { attributes: OtlpKeyValue[] };
    scopeSpans: { scope: { name: string; version: string }; spans: OtlpSpan[] }[];
  }[];
}

/** Attribute values the builder accepts; arrays hold strings only. */
export type AttributeInput = string | number | boolean | readonly string[];

/** `SpanKind` numbers of the OTLP protocol. */
export const SPAN_KIND = { internal: 1, server: 2, client: 3 } as const;

/** `Status.StatusCode` numbers: unset is what instrumentations leave on success. */
export const STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;

/** The W3C sampled flag, in the low byte of `Span.flags`. */
export const SPAN_FLAG_SAMPLED = 0x01;

/**
 * Collects attributes, skipping absent values, so that mapping code can
 * offer every candidate without checking each one.
 */
export class AttributeList {
  readonly items: OtlpKeyValue[] = [];

  /** Adds a string, boolean, string array, or a number as int or double by its value. */
  put(key: string, value: AttributeInput | null | undefined): this {
    const encoded = encode(value);
    if (encoded) this.items.push({ key, value: encoded });
    return this;
  }

  /** Adds a number as a double even when it is whole (`temperature: 1`). */
  putDouble(key: string, value: unknown): this {
    if (typeof value === 'number' && Number.isFinite(value)) {
      this.items.push({ key, value: { doubleValue: value } });
    }
    return this;
  }

  /** Adds a whole number as an int; anything else is skipped. */
  putInt(key: string, value: unknown): this {
    if (typeof value === 'number' && Number.isInteger(value)) {
      this.items.push({ key, value: { intValue: String(value) } });
    }
    return this;
  }

  /** Every key added so far. */
  keys(): string[] {
    return this.items.map((item) => item.key);
  }
}

function encode(value: AttributeInput | null | undefined): OtlpAnyValue | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    if (Number.isSafeInteger(value)) return { intValue: String(value) };
    return { doubleValue: value };
  }
  if (Array.isArray(value)) {
    const strings = value.filter((item): item is string => typeof item === 'string');
    return { arrayValue: { values: strings.map((item) => ({ stringValue: item })) } };
  }
  return undefined;
}

/**
 * Epoch milliseconds plus a duration as nanoseconds, in decimal. The sum
 * passes 2^53, so it is built as text rather than added as a number.
 */
export function unixNanos(epochMs: number, plusMs = 0): string {
  let wholeMs = Math.floor(epochMs) + Math.floor(plusMs);
  let nanos = Math.round((plusMs - Math.floor(plusMs)) * 1_000_000);
  if (nanos >= 1_000_000) {
    wholeMs += 1;
    nanos -= 1_000_000;
  }
  return `${wholeMs}${String(nanos).padStart(6, '0')}`;
}
