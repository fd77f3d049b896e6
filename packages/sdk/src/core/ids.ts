/**
 * Identifiers: event ids (nanoid, cryptographically random) and W3C-sized
 * trace and span ids. Trace and span ids sit on the hot path of every span
 * and identify rather than protect, so, as OpenTelemetry's own generator
 * does, they come from `Math.random`, hex-encoded through a byte table.
 */
import { nanoid } from 'nanoid';

const WORD = 0x1_0000_0000;
// Number#toString(16) is slow in V8; a table of byte pairs is not.
const HEX_BYTE: string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).padStart(2, '0'));

/** Eight random hex digits. */
function word(): string {
  const n = (Math.random() * WORD) >>> 0;
  return HEX_BYTE[n >>> 24]! + HEX_BYTE[(n >>> 16) & 255]! + HEX_BYTE[(n >>> 8) & 255]! +
    HEX_BYTE[n & 255]!;
}

/** A 32-character lowercase hex trace id, never all zeros. */
export function newTraceId(): string {
  const id = word() + word() + word() + word();
  // An all-zero id is invalid in W3C trace context; draw again.
  return id === '00000000000000000000000000000000' ? newTraceId() : id;
}

/** A 16-character lowercase hex span id, never all zeros. */
export function newSpanId(): string {
  const id = word() + word();
  return id === '0000000000000000' ? newSpanId() : id;
}

/** A client-generated event id, kept unchanged across retries. */
export function newEventId(): string {
  return nanoid();
}

/** A session id for clients that were given none. */
export function newSessionId(): string {
  return nanoid();
}
