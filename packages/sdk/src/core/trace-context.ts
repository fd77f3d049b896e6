/**
 * W3C Trace Context: the `traceparent` and `tracestate` headers that carry
 * a trace from one process to the next. Inject puts the current span on an
 * outgoing request; extract turns an incoming request's headers into a
 * {@link SpanParent} to pass as `parent`, so the two sides form one trace.
 *
 * @example
 * ```ts
 * // Caller
 * const headers = injectTraceContext(span, { 'content-type': 'application/json' });
 * await fetch(url, { method: 'POST', headers, body });
 *
 * // Callee
 * const parent = extractTraceContext(req.headers);
 * await client.traceAgent({ agentName: 'planner', parent }, run);
 * ```
 */
import type { SpanParent } from './span.js';

/** The only version this SDK writes; later versions are read leniently. */
export const TRACEPARENT_VERSION = '00';

/** Longest `tracestate` passed on; W3C lets a longer one be dropped. */
export const MAX_TRACESTATE_CHARS = 512;

/** A parent that came from another process, with its vendors' state. */
export interface RemoteSpanParent extends SpanParent {
  /** The `tracestate` header, passed on unchanged when present. */
  readonly traceState?: string;
}

/** Headers in any of the usual shapes: fetch `Headers`, Node's, a plain record. */
export type HeaderSource =
  | { get(name: string): string | null | undefined }
  | Record<string, string | string[] | undefined>;

/** Where injected headers go: fetch `Headers` or a plain record. */
export type HeaderTarget =
  | { set(name: string, value: string): void }
  | Record<string, string>;

// version-traceid-spanid-flags, lowercase hex, ids not all zero; then the
// end, or (in a later version) more fields after another dash.
const TRACEPARENT =
  /^([0-9a-f]{2})-((?!0{32})[0-9a-f]{32})-((?!0{16})[0-9a-f]{16})-([0-9a-f]{2})(-|$)/;
const SAMPLED_FLAG = 0x01;

/**
 * The `traceparent` value of a span or parent: `00-{traceId}-{spanId}-{flags}`.
 * Flags are `01` unless the trace was sampled out.
 */
export function traceparentOf(span: SpanParent): string {
  const flags = span.sampled === false ? '00' : '01';
  return `${TRACEPARENT_VERSION}-${span.traceId}-${span.spanId}-${flags}`;
}

// Limitation: a span does not keep its remote parent's `tracestate` (spans
// hold ids only), so `tracestate` is passed on only when the extracted
// parent itself is injected. Other vendors' entries are lost across a hop
// that RobotForge records; RobotForge puts nothing of its own there.

/**
 * Sets `traceparent` (and `tracestate` when the parent carries one) on
 * `headers` and returns them. Never throws; headers that cannot be set are
 * left as they were.
 */
export function injectTraceContext<H extends HeaderTarget>(
  span: SpanParent | RemoteSpanParent,
  headers: H,
): H {
  try {
    const traceState = (span as RemoteSpanParent).traceState;
    setHeader(headers, 'traceparent', traceparentOf(span));
    if (traceState) setHeader(headers, 'tracestate', traceState);
  } catch {
    // A frozen record or a guarded Headers: the request goes out untraced.
  }
  return headers;
}

/**
 * Reads `traceparent` (and `tracestate`) from incoming headers.
 * @returns the remote parent, or undefined when the header is absent or
 * malformed: such a request simply starts a new trace.
 */
export function extractTraceContext(
  headers: HeaderSource | null | undefined,
): RemoteSpanParent | undefined {
  try {
    if (!headers || typeof headers !== 'object') return undefined;
    const traceparent = readHeader(headers, 'traceparent');
    const parent = traceparent === undefined ? undefined : parseTraceparent(traceparent);
    if (!parent) return undefined;

    const traceState = readHeader(headers, 'tracestate', ',')?.trim();
    const keep = traceState && traceState.length <= MAX_TRACESTATE_CHARS;
    return keep ? { ...parent, traceState } : parent;
  } catch {
    return undefined;
  }
}

/**
 * Parses one `traceparent` value by the W3C rules: version `00` exactly,
 * later versions by their common prefix; lowercase hex; ids not all zero.
 */
export function parseTraceparent(value: string): SpanParent | undefined {
  const match = typeof value === 'string' ? TRACEPARENT.exec(value.trim()) : null;
  if (!match || match[1] === 'ff') return undefined;
  // Version 00 has exactly four fields.
  if (match[1] === TRACEPARENT_VERSION && match[5]) return undefined;
  const sampled = (parseInt(match[4]!, 16) & SAMPLED_FLAG) === SAMPLED_FLAG;
  return { traceId: match[2]!, spanId: match[3]!, sampled };
}

function setHeader(headers: HeaderTarget, name: string, value: string): void {
  if (typeof (headers as { set?: unknown }).set === 'function') {
    (headers as { set(name: string, value: string): void }).set(name, value);
  } else (headers as Record<string, string>)[name] = value;
}

/**
 * One header, case-insensitively. Repeated `traceparent` headers make the
 * context ambiguous (undefined); repeated `tracestate` ones are joined.
 */
function readHeader(
  headers: HeaderSource,
  name: string,
  join?: string,
): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const value = (headers as { get(name: string): string | null | undefined }).get(name);
    if (typeof value !== 'string') return undefined;
    // fetch's Headers joins repeats with ", ", which no valid traceparent holds.
    return join === undefined && value.includes(',') ? undefined : value;
  }

  const record = headers as Record<string, unknown>;
  const key = name in record
    ? name
    : Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  if (typeof value === 'string') {
    return join === undefined && value.includes(',') ? undefined : value;
  }
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    if (join !== undefined) return value.join(join);
    return value.length === 1 ? (value[0] as string) : undefined;
  }
  return undefined;
}
