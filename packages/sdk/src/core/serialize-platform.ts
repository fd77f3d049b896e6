/**
 * Objects whose data lives behind methods or an iterator rather than own
 * keys (`Headers`, `FormData`, `Blob`, `Response`, …), which a walk of
 * own keys would capture as `{}`. Each is recognised by its tag at
 * call time: none of these globals exists in every runtime, and the tag
 * also holds for objects from another realm or a fetch polyfill.
 */
import { isSecretParam, REDACTED } from './redact.js';
import { tagOf } from './serialize-text.js';

/** What the walk shows instead: text, entries, or a plain record. */
export type PlatformForm =
  | { text: string }
  | { entries: Iterator<[unknown, unknown]> }
  | { record: Record<string, unknown> };

type Entries = { entries(): Iterator<[unknown, unknown]> };

/** The form of `obj`, or `undefined` when its own keys are what it holds. */
export function platformForm(obj: object, redacting = true): PlatformForm | undefined {
  const tag = tagOf(obj);
  const any = obj as Record<string, unknown>;
  // A look-alike that only borrows the tag is walked as the object it is.
  if (/^(Headers|URLSearchParams|FormData)$/.test(tag)) {
    if (typeof any.entries !== 'function') return undefined;
    const entries = (obj as Entries).entries();
    const query = tag === 'URLSearchParams';
    return { entries: query && redacting ? withoutSecretParams(entries) : entries };
  }
  if ((tag === 'Blob' || tag === 'File') && typeof any.size === 'number') {
    return { text: `[${tag} ${String(any.type) || 'untyped'} ${any.size} bytes]` };
  }
  // Only fields read without the body, which may be a one-shot stream. A
  // field the type lacks (a Request's status) is undefined, so left out.
  // Limitation: the body of a Request or Response, and the bytes of a Blob,
  // are never shown: reading them is asynchronous and may consume a stream
  // the user's code still needs. Capture the body text itself to keep it.
  if (tag === 'Request' || tag === 'Response') {
    const { method, status, url, headers } = any;
    return { record: { method, status, url, headers } };
  }
  if (tag === 'AbortSignal' && any.aborted === true) {
    return { text: '[AbortSignal aborted]' };
  }
  // A URL needs nothing here: its `toJSON` gives its text, redacted as text.
  return undefined;
}

/**
 * Query parameters lose the values that the text of their URL would: the
 * walk judges entry names as object keys, where `key` and `sig` are kept,
 * but a query's `key=` or `sig=` is a credential. Only when redacting.
 */
function withoutSecretParams(
  entries: Iterator<[unknown, unknown]>,
): Iterator<[unknown, unknown]> {
  return {
    next() {
      const item = entries.next();
      if (item.done || typeof item.value[0] !== 'string') return item;
      const [name] = item.value;
      return isSecretParam(name) ? { done: false, value: [name, REDACTED] } : item;
    },
  };
}
