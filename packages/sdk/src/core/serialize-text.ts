/**
 * Text helpers of the serializer: cutting strings at a limit without
 * splitting a surrogate pair, describing any value for a marker or a log
 * line, and recognising errors, all without ever throwing.
 */
/** Room a string gets however spent the budget is, so it never silently turns empty. */
export const MIN_CUT_CHARS = 64;

export const MAX_MESSAGE_CHARS = 200;

export const MAX_DESCRIBE_CHARS = 1000;

export const tagOf = (value: object) => Object.prototype.toString.call(value).slice(8, -1);

/** `instanceof` misses errors from other realms (iframes, `vm`); the tag does not. */
export const isError = (value: unknown): value is Error =>
  value instanceof Error ||
  (typeof value === 'object' && value !== null && tagOf(value) === 'Error');

/** Cuts to `limit` chars including the marker, never inside a surrogate pair. */
export function cut(text: string, limit: number, fullLength = text.length, force = false) {
  if (text.length <= limit && !force) return text;
  const marker = `...[truncated from ${fullLength} chars]`;
  const room = limit - marker.length;
  let keep = Math.min(text.length, room > 0 ? room : limit);
  const last = text.charCodeAt(keep - 1);
  if (last >= 0xd800 && last <= 0xdbff) keep -= 1;
  return room > 0 ? text.slice(0, keep) + marker : text.slice(0, keep);
}

export function functionLabel(fn: unknown): string {
  try {
    const name = (fn as { name?: unknown }).name;
    return typeof name === 'string' && name !== '' ? `[Function ${name}]` : '[Function]';
  } catch {
    // A Proxy or a static getter can make `name` throw.
    return '[Function]';
  }
}

export function messageOf(error: unknown): string {
  try {
    if (isError(error)) return String(error.message);
  } catch {
    // Fall through to the generic description.
  }
  return describe(error);
}

export const unserializableText = (error: unknown) =>
  `[Unserializable: ${cut(messageOf(error), MAX_MESSAGE_CHARS)}]`;

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
