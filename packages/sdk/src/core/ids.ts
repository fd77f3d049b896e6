/** Identifiers: event ids (nanoid) and W3C-sized trace and span ids. */
import { customAlphabet, nanoid } from 'nanoid';

const HEX = '0123456789abcdef';
const hex32 = customAlphabet(HEX, 32);
const hex16 = customAlphabet(HEX, 16);
const ALL_ZERO = /^0+$/;

/** A 32-character lowercase hex trace id, never all zeros. */
export function newTraceId(): string {
  const id = hex32();
  return ALL_ZERO.test(id) ? newTraceId() : id;
}

/** A 16-character lowercase hex span id, never all zeros. */
export function newSpanId(): string {
  const id = hex16();
  return ALL_ZERO.test(id) ? newSpanId() : id;
}

/** A client-generated event id, kept unchanged across retries. */
export function newEventId(): string {
  return nanoid();
}

/** A session id for clients that were given none. */
export function newSessionId(): string {
  return nanoid();
}
