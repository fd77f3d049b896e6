/**
 * Secret redaction for captured content. A redactor replaces credentials
 * found inside strings (API keys, bearer tokens, JWTs, key-like URL
 * parameters) and tells the serializer which object keys hold secrets
 * whose values must be dropped whole. Every default rule runs in time
 * linear in the length of the text, so hostile input cannot stall
 * `span.end()`.
 *
 * @example
 * ```ts
 * const redactor = createRedactor({ keys: ['x-session'] });
 * redactor?.string('/v1?api_key=abc123&q=1'); // '/v1?api_key=[REDACTED]&q=1'
 * redactor?.isSecretKey('X_Session'); // true
 * ```
 */

/** What every redacted secret is replaced with. */
export const REDACTED = '[REDACTED]';

/** Extra rules on top of the defaults. */
export interface RedactOptions {
  /**
   * Extra patterns; each match is replaced by '[REDACTED]'. Use the g flag
   * or we add it (a copy is made, so your RegExp's `lastIndex` is untouched).
   * A match of no text is left as it is.
   *
   * Limitation: your patterns run as you wrote them, after the defaults;
   * one that backtracks badly (`/(a+)+$/`) costs its time inside
   * `span.end()`, which the SDK cannot interrupt.
   */
  patterns?: RegExp[];
  /**
   * Extra object keys whose values are replaced entirely. Compared like
   * the defaults: case-insensitive, ignoring `-` and `_`.
   */
  keys?: string[];
}

/** Applies the redaction rules; built once per client by {@link createRedactor}. */
export interface Redactor {
  /**
   * Returns the string with secrets replaced by '[REDACTED]'. Fast path:
   * returns the same string when nothing matches.
   */
  string(value: string): string;
  /** True when the value under this key must be replaced whole by '[REDACTED]'. */
  isSecretKey(key: string): boolean;
}

/**
 * Names of secrets, written with `_` where a header has `-`. Headers, the
 * parameters of `name=value` text and object keys share most of them.
 */
const HEADER_NAMES = 'proxy_authorization authorization x_api_key set_cookie cookie';
const SHARED_NAMES = 'api_key password passwd secret client_secret access_token ' +
  'refresh_token token';
const names = (list: string) => list.split(' ');

/**
 * Keys compared after lower-casing and removing `-` and `_`, so that
 * `X-Api-Key`, `x_api_key` and `XAPIKEY` are one key.
 */
const DEFAULT_SECRET_KEYS = names(`${HEADER_NAMES} ${SHARED_NAMES} private_key`);

/** Parameter names whose value is a credential in `name=value` text. */
const SECRET_PARAM_NAMES = names(`${SHARED_NAMES} id_token signature sig key`);

/** Headers whose whole value is a credential, in `Name: value` lines. */
const SECRET_HEADER_NAMES = names(`${HEADER_NAMES} api_key`);

/**
 * Secrets recognised by their shape, replaced whole. Minimum lengths sit
 * below the real formats' lengths but high enough that prose such as
 * "task-force" or "sk-learn" is left alone.
 */
const TOKEN_SOURCES = [
  'sk-[A-Za-z0-9_-]{20,}', // OpenAI (sk-, sk-proj-) and Anthropic (sk-ant-)
  'rf_sk_[A-Za-z0-9_-]{8,}', // our own secret keys
  // Only at the start of a run of token characters: were the engine free to
  // try again at every `eyJ` inside one run, a long run without dots would
  // cost time growing with the square of its length.
  '(?<![\\w-])eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+', // JWT
  '(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])', // AWS access key id
  'AIza[A-Za-z0-9_-]{35}', // Google API key
  'gh[pousr]_[A-Za-z0-9]{36,}', // GitHub classic tokens
  'github_pat_[A-Za-z0-9_]{22,}', // GitHub fine-grained tokens
  'xox[abpr]-[A-Za-z0-9-]{10,}', // Slack
];

/** `Aa` for `a`, so one case-sensitive regex can still match names in any case. */
function anyCase(name: string): string {
  return name
    .split('_')
    .map((part) => part.replace(/[a-z]/g, (c) => `[${c.toUpperCase()}${c}]`))
    .join('[_-]?');
}

/**
 * One regex for every default rule, so a string without secrets costs a
 * single scan. Groups: 1-2 Bearer prefix and token, 3-4 Basic prefix and
 * credentials, 5-6 parameter `name=` and value, 7-8 a header line's
 * `Name: ` and value; other alternatives have no groups and are replaced
 * whole.
 */
const DEFAULT_PATTERN = new RegExp(
  // A letter or digit just before means mid-word ("ask-..."): no match.
  // Limitation: any word after a capitalised "Bearer" is taken for a token,
  // so prose like "Bearer bonds" loses a word; real tokens have no minimum
  // length we could rely on, and leaking one costs more.
  '(?<![A-Za-z0-9])(?:' +
    [
      '(Bearer[ \\t]+)([A-Za-z0-9._~+/-]+=*)',
      '(Basic[ \\t]+)([A-Za-z0-9+/]{4,}={0,2})',
      `((?:${SECRET_PARAM_NAMES.map(anyCase).join('|')})=)([^&#\\s"']+)`,
      `((?:${SECRET_HEADER_NAMES.map(anyCase).join('|')})[ \\t]*:[ \\t]*` +
        '(?:(?:Bearer|Basic|Token)[ \\t]+)?)([^\\r\\n]+)',
      ...TOKEN_SOURCES,
    ].join('|') +
    ')',
  'g',
);

const normalizeKey = (key: string) => key.toLowerCase().replace(/[-_]/g, '');

/**
 * `Basic` is also an ordinary word ("Basic Usage"), so its token is only
 * a secret when it decodes to `user:password`. Encoders pad base64 to a
 * multiple of 4; checking that first spares a thrown error per word in
 * text such as "Basic Basic Basic".
 */
function isBasicCredential(token: string): boolean {
  try {
    return token.length % 4 === 0 && atob(token).includes(':');
  } catch {
    // Not valid base64, so not a credential.
    return false;
  }
}

/** Keeps a rule's prefix (`Bearer `, `api_key=`, `Cookie: `) and redacts the rest. */
function replaceDefault(
  match: string,
  bearer?: string,
  _bearerToken?: string,
  basic?: string,
  basicToken?: string,
  param?: string,
  _paramValue?: string,
  header?: string,
): string {
  if (basic !== undefined && !isBasicCredential(basicToken ?? '')) return match;
  return (bearer ?? basic ?? param ?? header ?? '') + REDACTED;
}

/** A user pattern's replacement: a match of no text has nothing to hide. */
const replaceUser = (match: string) => (match ? REDACTED : match);

/** A global, non-sticky copy: sticky would stop at the first non-match. */
function toGlobal(pattern: unknown, index: number): RegExp {
  if (!(pattern instanceof RegExp)) {
    throw new TypeError(`redact.patterns[${index}]: expected a RegExp`);
  }
  const flags = pattern.flags.replace(/[gy]/g, '');
  return new RegExp(pattern.source, `${flags}g`);
}

function toKey(key: unknown, index: number): string {
  if (typeof key !== 'string' || key === '') {
    throw new TypeError(`redact.keys[${index}]: expected a non-empty string`);
  }
  return normalizeKey(key);
}

/**
 * Builds a redactor from the `redact` option. `false` turns redaction off
 * and returns `undefined`; `true` or `undefined` gives the defaults; an
 * object adds patterns and keys to the defaults (it never removes any).
 * Throws a `TypeError` naming the option when a pattern or key is invalid.
 */
export function createRedactor(options?: boolean | RedactOptions): Redactor | undefined {
  if (options === false) return undefined;
  const extra = typeof options === 'object' && options !== null ? options : {};
  if (extra.patterns !== undefined && !Array.isArray(extra.patterns)) {
    throw new TypeError('redact.patterns: expected an array of RegExp');
  }
  if (extra.keys !== undefined && !Array.isArray(extra.keys)) {
    throw new TypeError('redact.keys: expected an array of strings');
  }

  const patterns = (extra.patterns ?? []).map(toGlobal);
  const secretKeys = new Set([
    ...DEFAULT_SECRET_KEYS.map(normalizeKey),
    ...(extra.keys ?? []).map(toKey),
  ]);

  return {
    string(value) {
      try {
        let result = value.replace(DEFAULT_PATTERN, replaceDefault);
        // Without replaceUser, a pattern matching empty text (`/x*/`) would
        // put a marker between every two characters, and a few such
        // patterns would grow the text past the longest string possible.
        for (const pattern of patterns) result = result.replace(pattern, replaceUser);
        return result;
      } catch {
        // A pattern can still fail at run time (five like `/./` grow 64 KB
        // of text ten-fold each, past the longest string possible): the
        // whole text is dropped then, as it may hold what it looked for.
        return REDACTED;
      }
    },
    isSecretKey(key) {
      return secretKeys.has(normalizeKey(key));
    },
  };
}
