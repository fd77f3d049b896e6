/**
 * Secret redaction for captured content. A redactor replaces credentials
 * found inside strings (API keys, bearer tokens, JWTs, values after a
 * secret name in `name=value`, `Name: value` or JSON text, passwords in
 * URLs) and tells the serializer which object keys hold secrets whose
 * values must be dropped whole. Every default rule runs in time linear in
 * the length of the text, so hostile input cannot stall `span.end()`.
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
   * Extra object keys whose values are replaced entirely, compared whole,
   * case-insensitive and ignoring `-` and `_`. The defaults need no list:
   * any key that ends in a secret word (`x-auth-token`, `OPENAI_API_KEY`)
   * or holds `password` or `secret` as a word (`DB_PASSWORD`).
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

const names = (list: string) => list.split(' ');

/**
 * Words that make a name secret when the name ends in them: `x-auth-token`,
 * `OPENAI_API_KEY`, `refreshToken`. Only at the end, since the last word
 * of a name says what its value is: `token_count` and `max_tokens` are
 * counts. Written with `_` where a separator may stand.
 */
const SECRET_WORDS = 'authorization cookie api_key private_key access_key token';

/**
 * Words that make a name secret wherever they stand as a whole word:
 * `DB_PASSWORD`, `password_confirmation`, `SecretString`. A value named
 * after them is rarely anything but the secret or something close to it;
 * `secretary` and `passenger` are other words.
 */
const STRONG_WORDS = 'password passwd passphrase secret';

/**
 * Secrets recognised by their shape, replaced whole. Minimum lengths sit
 * below the real formats' lengths but high enough that prose such as
 * "task-force" or "sk-learn" is left alone.
 */
const TOKEN_SOURCES = [
  'sk-[\\w-]{20,}', // OpenAI (sk-, sk-proj-) and Anthropic (sk-ant-)
  'rf_sk_[\\w-]{8,}', // our own secret keys
  // Only at the start of a run of token characters: were the engine free to
  // try again at every `eyJ` inside one run, a long run without dots would
  // cost time growing with the square of its length.
  '(?<![\\w-])eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+', // JWT
  '(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])', // AWS access key id
  'AIza[\\w-]{35}', // Google API key
  'gh[pousr]_[A-Za-z0-9]{36,}', // GitHub classic tokens
  'github_pat_\\w{22,}', // GitHub fine-grained tokens
  'xox[abpr]-[A-Za-z0-9-]{10,}', // Slack
  'xapp-[A-Za-z0-9-]{10,}', // Slack app-level tokens
  // Stripe secret and restricted keys; `pk_` keys are public by design.
  '[sr]k_(?:live|test)_[A-Za-z0-9]{10,}',
];

/** `Aa` for `a`, so one case-sensitive regex can still match names in any case. */
function anyCase(name: string): string {
  return name
    .split('_')
    .map((part) => part.replace(/[a-z]/g, (c) => `[${c.toUpperCase()}${c}]`))
    .join('[_-]?');
}

const anyOf = (list: string) => names(list).map(anyCase).join('|');

/**
 * Also `-key` at the end of a header name (`x-functions-key`,
 * `ocp-apim-subscription-key`): headers name their credentials so. Only
 * after a hyphen, so that `cache_key` and `monkey` are kept.
 */
const SECRET_ENDINGS = `${anyOf(SECRET_WORDS)}|-[Kk][Ee][Yy]`;

/**
 * A name that ends in one of `endings` or holds a strong word (`s` and
 * digits allowed after it). It starts only where a name starts, and the
 * parts around the word are bounded, so each name is tried once and
 * briefly: the cost stays linear in the length of the text.
 * Limitation: a name with more than 64 characters before or after its
 * secret word is not recognised; such names are not seen in practice.
 */
const secretName = (endings: string) =>
  `(?<![\\w.-])[\\w.-]{0,64}?(?:(?:${endings})\\d*|` +
  `(?:${anyOf(STRONG_WORDS)})s?(?![a-z])[\\w.-]{0,64})`;
const SECRET_NAME = secretName(SECRET_ENDINGS);

/**
 * An object key that is a secret name as a whole: name characters only,
 * so that prose in a list of strings is never taken for a key.
 */
const SECRET_KEY = new RegExp(`^${SECRET_NAME}$`);

/**
 * A parameter name whose value the `name=value` rule redacts: the secret
 * names, and `sig`, `key` and `signature` as whole words (`?key=…` in a
 * Google API URL, `&sig=…` in a signed URL).
 */
const PARAM_NAME = secretName(`${SECRET_ENDINGS}|${anyOf('signature')}|` +
  `(?<![A-Za-z0-9])(?:${anyOf('sig key')})`);

const SECRET_PARAM = new RegExp(`^${PARAM_NAME}$`);

/**
 * True when a query parameter of this name holds a secret, as the text
 * rule judges `name=value`: a `URLSearchParams` captured as entries must
 * lose the same values as its URL text. Wider than object keys, where
 * `key` is mostly an ordinary field (`{ key: 'Enter' }`).
 */
export const isSecretParam = (name: string): boolean => SECRET_PARAM.test(name);

/**
 * One regex for every default rule, so a string without secrets costs a
 * single scan. Each rule's last group is the secret, always at the end of
 * the match: what comes before it (`Bearer `, `api_key=`, `"token": "`,
 * `https://user:`) is kept. Rules without a group are replaced whole.
 * Group 1 is the Basic credential, which is checked before it is redacted.
 */
const DEFAULT_PATTERN = new RegExp(
  // A letter or digit just before means mid-word ("ask-..."): no match.
  // Limitation: any word after a capitalised "Bearer" is taken for a token,
  // so prose like "Bearer bonds" loses a word; real tokens have no minimum
  // length we could rely on, and leaking one costs more.
  '(?<![A-Za-z0-9])(?:' +
    [
      'Basic[ \\t]+([A-Za-z0-9+/]{4,}={0,2})',
      'Bearer[ \\t]+([\\w.~+/-]+=*)',
      // `name=value`; `sig` and `key` only as whole words (not `monkey=`).
      `${PARAM_NAME}=([^&#\\s"']+)`,
      // Assignments in code, shell and config files: `password = hunter2`,
      // `export API_KEY="…"`, `api_key='…'`. Not `==`, a comparison.
      `${SECRET_NAME}[ \\t]*=(?!=)[ \\t]*` +
        '(?:"([^"\\r\\n]+)|\'([^\'\\r\\n]+)|([^\\s"\'&#,;)]+))',
      // `Name: value` lines (headers, YAML, logs): the rest of the line.
      // Limitation: prose such as "the token: it expired" loses the rest of
      // its line too; telling it from a `token: …` line is guesswork.
      `${SECRET_NAME}[ \\t]*:[ \\t]*(?:(?:Bearer|Basic|Token)[ \\t]+)?([^\\r\\n]+)`,
      // JSON or a Python dict in a string: `"password": "…"`, `'token': 12`.
      // Limitation: JSON encoded twice (quotes written `\"`) is not seen.
      `(?<q>["'])${SECRET_NAME}\\k<q>[ \\t]*:[ \\t]*` +
        '(?:(?<v>["\'])((?:\\\\.|(?!\\k<v>)[^\\\\\\r\\n])+)|([^\\s"\',;}\\]]+))',
      // The password of user info in a URL: `postgres://app:[REDACTED]@db`.
      '(?<![\\w+.-])[A-Za-z][\\w+.-]{0,31}://' +
        '[^\\s:@/?#]{0,256}:([^\\s@/?#]{1,1024})(?=@)',
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

/** Keeps what comes before a rule's secret (its last group) and redacts the secret. */
function replaceDefault(match: string, ...args: unknown[]): string {
  // The arguments end with the offset, the whole text and the named groups.
  const groups = args.slice(0, -3);
  if (groups[0] !== undefined && !isBasicCredential(groups[0] as string)) return match;
  const found = groups.filter((group) => group !== undefined) as string[];
  return match.slice(0, match.length - (found.pop() ?? match).length) + REDACTED;
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
  const secretKeys = new Set((extra.keys ?? []).map(toKey));

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
      return secretKeys.has(normalizeKey(key)) || SECRET_KEY.test(key);
    },
  };
}
