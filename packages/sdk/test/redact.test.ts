import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED, type Redactor } from '../src/core/redact.js';

const redactor = createRedactor() as Redactor;
const redact = (text: string) => redactor.string(text);

// Fake credentials with the right shapes, built so that no scanner takes
// this file for a leak.
const OPENAI_KEY = `sk-${'a1B2'.repeat(12)}`;
const PROJECT_KEY = `sk-proj-${'x9Y8_z7'.repeat(10)}`;
const ANTHROPIC_KEY = `sk-ant-api03-${'Q'.repeat(80)}-AA`;
const OUR_KEY = `rf_sk_${'live'.repeat(6)}`;
const JWT = [
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
  'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ',
  'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
].join('.');
const AWS_KEY = `AKIA${'IOSFODNN7EXAMPLE'}`;
const GOOGLE_KEY = `AIza${'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6q'}`;
const GITHUB_TOKEN = `ghp_${'A1b2C3d4E5'.repeat(4)}`;
const GITHUB_OAUTH = `gho_${'Z'.repeat(36)}`;
const GITHUB_PAT = `github_pat_${'11ABCDEFG0'.repeat(3)}_xyz`;
const SLACK_TOKEN = `xoxb-${'1234567890'}-${'abcdefghij'}`;

describe('createRedactor', () => {
  it('returns undefined when redaction is turned off', () => {
    expect(createRedactor(false)).toBeUndefined();
  });

  it('gives the defaults for true, undefined and an empty object', () => {
    for (const options of [true, undefined, {}]) {
      const r = createRedactor(options) as Redactor;
      expect(r.string(`key: ${OPENAI_KEY}`)).toBe(`key: ${REDACTED}`);
      expect(r.isSecretKey('Authorization')).toBe(true);
    }
  });

  it('names the option when a pattern or key is invalid', () => {
    const badPattern = { patterns: ['sk-'] as unknown as RegExp[] };
    expect(() => createRedactor(badPattern)).toThrow(
      'redact.patterns[0]: expected a RegExp',
    );
    const badKey = { keys: [42] as unknown as string[] };
    expect(() => createRedactor(badKey)).toThrow('redact.keys[0]');
    const notArray = { keys: 'token' as unknown as string[] };
    expect(() => createRedactor(notArray)).toThrow('redact.keys: expected an array');
  });
});

describe('redactor.string', () => {
  it('returns the same string when nothing matches', () => {
    const text = 'The quick brown fox asked for a task-force and a monkey=5 key.';
    expect(redact(text)).toBe(text);
    expect(redact('')).toBe('');
  });

  it.each([
    ['OpenAI', OPENAI_KEY],
    ['OpenAI project', PROJECT_KEY],
    ['Anthropic', ANTHROPIC_KEY],
    ['robotforge secret', OUR_KEY],
    ['JWT', JWT],
    ['AWS access key id', AWS_KEY],
    ['Google API', GOOGLE_KEY],
    ['GitHub classic', GITHUB_TOKEN],
    ['GitHub OAuth', GITHUB_OAUTH],
    ['GitHub fine-grained', GITHUB_PAT],
    ['Slack', SLACK_TOKEN],
  ])('replaces a whole %s key', (_name, secret) => {
    expect(redact(secret)).toBe(REDACTED);
    expect(redact(`use "${secret}" now`)).toBe(`use "${REDACTED}" now`);
  });

  it('keeps the word Bearer and redacts the token', () => {
    expect(redact('Bearer abc.def-123')).toBe(`Bearer ${REDACTED}`);
    expect(redact(`Bearer ${JWT}`)).toBe(`Bearer ${REDACTED}`);
  });

  it('redacts Basic credentials only when they decode to user:password', () => {
    const credentials = btoa('alice:s3cret');
    expect(redact(`Authorization: Basic ${credentials}`)).toBe(
      `Authorization: Basic ${REDACTED}`,
    );
    for (const text of ['Basic Instructions for beginners', 'Basic realm="x"']) {
      expect(redact(text)).toBe(text);
    }
  });

  it('keeps the parameter name and redacts its value in URLs', () => {
    expect(redact('https://x.test/a?key=abc123&q=1')).toBe(
      `https://x.test/a?key=${REDACTED}&q=1`,
    );
    expect(redact('/v1?q=1&api_key=abc#top')).toBe(`/v1?q=1&api_key=${REDACTED}#top`);
    expect(redact('https://s3.test/o?X-Amz-Signature=f00d&x=1')).toBe(
      `https://s3.test/o?X-Amz-Signature=${REDACTED}&x=1`,
    );
  });

  it.each([
    'key', 'api_key', 'apikey', 'api-key', 'token', 'access_token', 'secret',
    'password', 'sig', 'signature', 'client_secret', 'API_KEY', 'Password',
  ])('redacts the value of %s= up to a separator', (name) => {
    expect(redact(`${name}=v4lue`)).toBe(`${name}=${REDACTED}`);
    expect(redact(`"${name}=v4lue"`)).toBe(`"${name}=${REDACTED}"`);
    expect(redact(`${name}=v4lue next`)).toBe(`${name}=${REDACTED} next`);
    expect(redact(`'${name}=v4lue'`)).toBe(`'${name}=${REDACTED}'`);
  });

  it('leaves parameters whose name only ends like a secret one', () => {
    expect(redact('monkey=5&tokens=7&design=ok')).toBe('monkey=5&tokens=7&design=ok');
  });

  it('redacts an environment dump line by name and by shape', () => {
    expect(redact(`OPENAI_API_KEY=${OPENAI_KEY}`)).toBe(`OPENAI_API_KEY=${REDACTED}`);
  });

  it('redacts every secret in a longer text', () => {
    const text = `a ${OPENAI_KEY} b ${AWS_KEY} c token=xyz d`;
    expect(redact(text)).toBe(`a ${REDACTED} b ${REDACTED} c token=${REDACTED} d`);
  });

  it('leaves lookalikes inside words and short sk- prefixes alone', () => {
    const text = `ask-${'a'.repeat(30)} sk-learn XAKIAIOSFODNN7EXAMPLE`;
    expect(redact(text)).toBe(text);
  });

  it('applies extra patterns everywhere, with or without the g flag', () => {
    const r = createRedactor({ patterns: [/cust-\d+/, /ORDER\d+/giy] }) as Redactor;
    expect(r.string('cust-1 and cust-22; order7 x ORDER8')).toBe(
      `${REDACTED} and ${REDACTED}; ${REDACTED} x ${REDACTED}`,
    );
    expect(r.string(`still ${OPENAI_KEY}`)).toBe(`still ${REDACTED}`);
  });

  it('does not move the lastIndex of a pattern the user passed', () => {
    const pattern = /cust-\d+/g;
    pattern.lastIndex = 3;
    const r = createRedactor({ patterns: [pattern] }) as Redactor;
    r.string('cust-1');
    expect(pattern.lastIndex).toBe(3);
  });
});

describe('redactor.isSecretKey', () => {
  it.each([
    'authorization', 'Proxy-Authorization', 'X-API-Key', 'x_api_key', 'api-key',
    'apiKey', 'Cookie', 'set-cookie', 'password', 'PASSWD', 'secret',
    'client_secret', 'clientSecret', 'access_token', 'refreshToken', 'token',
    'private_key', 'PRIVATE-KEY',
  ])('treats %s as secret', (key) => {
    expect(redactor.isSecretKey(key)).toBe(true);
  });

  it.each(['max_tokens', 'tokens', 'keyboard', 'model', 'author', 'secretary', ''])(
    'treats %s as ordinary',
    (key) => {
      expect(redactor.isSecretKey(key)).toBe(false);
    },
  );

  it('adds extra keys, compared the same way as the defaults', () => {
    const r = createRedactor({ keys: ['X-Session-Id'] }) as Redactor;
    expect(r.isSecretKey('x_session_id')).toBe(true);
    expect(r.isSecretKey('XSESSIONID')).toBe(true);
    expect(r.isSecretKey('cookie')).toBe(true);
  });
});
