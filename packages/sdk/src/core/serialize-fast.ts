/**
 * The fast paths of event building for Node (see `FastPaths` in
 * serialize.ts): spans whose events can wait for their batch, token counts
 * read by name, time stamps that reuse their second, flat metadata objects
 * without the walk, and redaction remembered for the short texts and keys
 * that come back on every event. Only the Node entry plugs them in, so
 * browser bundles never carry them.
 */
import { ToolExecutionSpan } from './kinds.js';
import { REDACTED, type Redactor } from './redact.js';
import type { FastPaths, JsonValue, SerializeOptions } from './serialize.js';
import { setKey } from './serialize-walk.js';
import { isCount, type Span, type TokenCounts } from './span.js';

/**
 * Strings up to this long may wait in the queue as they are: their event
 * keeps them whole anyway (the content limit), so waiting costs no more.
 */
const MAX_SETTLED_STRING_CHARS = 32_000;

/** A value that its event, built later, would show just as it is now. */
const settled = (value: unknown): boolean =>
  typeof value === 'string' ? value.length <= MAX_SETTLED_STRING_CHARS
    : value === null || (typeof value !== 'object' && typeof value !== 'function');

/**
 * True when the span holds nothing the user's code could still change
 * (only strings, numbers and the like, and metadata of those): its event
 * may then be built later, with its batch, and come out the same. Never
 * with a `beforeSend`, which is promised each event as its span ends.
 *
 * Limitation: setters are closed once a span ends, but its public fields
 * are not; a value assigned straight to one after `end()` (`span.name =
 * …`) shows in an event built later, where it used to be ignored. Freezing
 * or copying each span at its end would put that cost back on every span.
 */
function isSettled(span: Span, options: { beforeSend?: unknown }): boolean {
  if (options.beforeSend || span.error !== undefined) return false;
  if (!settled(span.input) || !settled(span.output)) return false;
  const metadata = span.metadata;
  if (metadata) {
    for (const key in metadata) if (!settled(metadata[key])) return false;
  }
  if (span instanceof ToolExecutionSpan) {
    return settled(span.requestPayload) && settled(span.responsePayload);
  }
  return true;
}

/**
 * `mergeTokens` of span.ts, unrolled: a loop over the field names makes
 * every read and store a generic keyed one, the slowest part of
 * `setTokens`. The last invalid field is named, as there. Each field is
 * read and stored before the next is read, as there, so a getter that
 * throws leaves the fields before it stored in both.
 */
function mergeTokens(target: TokenCounts, counts: TokenCounts): string | undefined {
  let invalid: string | undefined;
  const input = counts.input;
  if (isCount(input)) target.input = input;
  else if (input !== undefined) invalid = 'input';
  const output = counts.output;
  if (isCount(output)) target.output = output;
  else if (output !== undefined) invalid = 'output';
  const total = counts.total;
  if (isCount(total)) target.total = total;
  else if (total !== undefined) invalid = 'total';
  const cacheRead = counts.cacheRead;
  if (isCount(cacheRead)) target.cacheRead = cacheRead;
  else if (cacheRead !== undefined) invalid = 'cacheRead';
  const cacheCreation = counts.cacheCreation;
  if (isCount(cacheCreation)) target.cacheCreation = cacheCreation;
  else if (cacheCreation !== undefined) invalid = 'cacheCreation';
  const reasoning = counts.reasoning;
  if (isCount(reasoning)) target.reasoning = reasoning;
  else if (reasoning !== undefined) invalid = 'reasoning';
  // Read again, as there: a getter may answer differently the second time.
  if (counts.total === undefined && target.input !== undefined &&
    target.output !== undefined) {
    target.total = target.input + target.output;
  }
  return invalid;
}

const MS_PER_SECOND = 1000;

let cachedSecond = Number.NaN;
let cachedPrefix = '';

/**
 * `toIsoString` of time.ts, remembering the part up to the second: it is
 * reused while events of the same second are formatted.
 */
function isoString(ms: number): string {
  const whole = Math.floor(ms);
  const second = Math.floor(whole / MS_PER_SECOND);
  if (second !== cachedSecond) {
    const iso = new Date(second * MS_PER_SECOND).toISOString();
    if (iso.length !== 24) return new Date(whole).toISOString();
    cachedSecond = second;
    cachedPrefix = iso.slice(0, 19);
  }
  const millis = whole - second * MS_PER_SECOND;
  return `${cachedPrefix}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}

/**
 * Entries this small never reach a default limit: 32 of them spend at most
 * 32 * (256 + 4 + 2.5 * 256 + 2) chars (redaction at most 2.5 times as
 * long), under half the budget, so the walk would cut none of them.
 */
const MAX_FLAT_KEYS = 32;
const MAX_FLAT_CHARS = 256;

/** Texts up to this long are remembered once redacted, this many per redactor. */
const MAX_MEMO_CHARS = 256;
const MAX_MEMO_ENTRIES = 512;

/** A text as redacted, and whether a value under it (as a key) is a secret. */
interface Judged {
  text: string;
  secret: boolean;
}

const memos = new WeakMap<Redactor, Map<string, Judged>>();

/** Redacts and judges `text` once, then remembers it (up to the cap). */
function judge(text: string, redactor: Redactor): Judged {
  let memo = memos.get(redactor);
  if (!memo) memos.set(redactor, (memo = new Map()));
  let judged = memo.get(text);
  if (!judged) {
    judged = { text: redactor.string(text), secret: redactor.isSecretKey(text) };
    // Unlike names and keys, a stream of distinct texts would only churn.
    if (memo.size >= MAX_MEMO_ENTRIES) memo.clear();
    memo.set(text, judged);
  }
  return judged;
}

/** `redactor.string`, remembered for short texts. */
function redactShort(text: string, redactor: Redactor): string {
  // A JS caller may have put a number in a span's field: the general path
  // decides what that gives, so the fast path gives the same.
  if (typeof text !== 'string' || text.length > MAX_MEMO_CHARS) {
    return redactor.string(text);
  }
  return judge(text, redactor).text;
}

/**
 * What the walk makes of a plain object of a few short strings, numbers,
 * booleans and nulls (the usual metadata), without the walk: the same
 * result at a fraction of the cost. `undefined` for anything else.
 */
function flatObject(
  value: unknown,
  options?: SerializeOptions,
): Record<string, JsonValue> | undefined {
  if (typeof value !== 'object' || options?.limits !== undefined) return undefined;
  try {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return undefined;
    const record = value as Record<string | symbol, unknown>;
    // A tag would make the walk treat the object as an error, a toJSON
    // (even inherited) would replace it.
    if (record[Symbol.toStringTag] !== undefined) return undefined;
    if (typeof record.toJSON === 'function') return undefined;
    return flatEntries(record, options?.redactor);
  } catch {
    // A Proxy's trap: the walk knows what to make of it.
    return undefined;
  }
}

function flatEntries(
  record: Record<string, unknown>,
  redactor: Redactor | undefined,
): Record<string, JsonValue> | undefined {
  const keys = Object.keys(record);
  if (keys.length > MAX_FLAT_KEYS) return undefined;
  const out: Record<string, JsonValue> = {};
  for (const key of keys) {
    const raw = record[key];
    if (raw === undefined) continue;
    if (key.length > MAX_FLAT_CHARS) return undefined;
    let item: JsonValue;
    if (typeof raw === 'string') {
      if (raw.length > MAX_FLAT_CHARS) return undefined;
      item = redactor ? redactor.string(raw) : raw;
    } else if (typeof raw === 'number') {
      // -0 becomes 0; NaN and the infinities become their names.
      item = Number.isFinite(raw) ? raw + 0 : String(raw);
    } else if (typeof raw === 'boolean' || raw === null) item = raw;
    else return undefined;

    if (!redactor) setKey(out, key, item);
    else {
      const { text: name, secret } = judge(key, redactor);
      setKey(out, name, secret ? REDACTED : item);
    }
  }
  return out;
}

/** The fast paths, for `Object.assign(fastPaths, NODE_FAST_PATHS)`. */
export const NODE_FAST_PATHS: FastPaths = {
  isSettled, mergeTokens, isoString, flatObject, redactShort,
};
