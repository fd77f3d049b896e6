import { expect, it } from 'vitest';
import { createRedactor, isSecretParam, type Redactor } from '../src/core/redact.js';
import { sanitize } from '../src/core/serialize.js';

const r = createRedactor() as Redactor;

it('URLSearchParams: key-like query parameters are redacted as they are in the URL '
  + 'text', () => {
  const text = 'key=AIzaLikeButShort123&sig=abcdef0123&q=1';
  expect(r.string(`https://x.test/v1?${text}`))
    .toBe('https://x.test/v1?key=[REDACTED]&sig=[REDACTED]&q=1');
  expect(sanitize(new URLSearchParams(text), { redactor: r }))
    .toEqual({ key: '[REDACTED]', sig: '[REDACTED]', q: '1' });
});

it('keeps `key` and `sig` readable as keys of ordinary objects', () => {
  // `{ key: 'Enter' }`, React and i18n keys: a plain field far more often
  // than a credential, unlike a query parameter of that name.
  expect(sanitize({ key: 'Enter', sig: 'v2', q: '1' }, { redactor: r }))
    .toEqual({ key: 'Enter', sig: 'v2', q: '1' });
  expect(['key', 'sig', 'signature', 'api_key', 'x-functions-key'].map(isSecretParam))
    .toEqual([true, true, true, true, true]);
  expect(['monkey', 'keyboard', 'q', 'max_tokens'].map(isSecretParam))
    .toEqual([false, false, false, false]);
});

it('drops a query credential of URLSearchParams only while redacting', () => {
  expect(sanitize(new URLSearchParams('key=k1&q=1'), { redactor: r }))
    .toEqual({ key: '[REDACTED]', q: '1' });
  // `redact: false` means no redactor: the user asked to keep every value.
  expect(sanitize(new URLSearchParams('key=k1&q=1'), {}))
    .toEqual({ key: 'k1', q: '1' });
});

it('quoted or spaced secret assignments (.env, shell, TOML/INI, Python code) are '
  + 'redacted', () => {
  for (const line of ['password="hunter2"', "api_key='hunter2'",
    'export API_KEY="hunter2"', 'password = hunter2', 'PASSWORD = "hunter2"',
    'db_password = hunter2', 'openai.api_key = "hunter2"',
    'client = Client(api_key = "hunter2")', 'token= hunter2']) {
    expect(r.string(line), line).not.toContain('hunter2');
  }
  expect(r.string('export API_KEY="hunter2"')).toBe('export API_KEY="[REDACTED]"');
  expect(r.string('Client(api_key = "hunter2", model="m")'))
    .toBe('Client(api_key = "[REDACTED]", model="m")');
  expect(r.string('password = hunter2 # dev only'))
    .toBe('password = [REDACTED] # dev only');
});

it('keeps look-alike assignments and prose readable', () => {
  for (const text of ['max_tokens = 512', 'tokens=7', 'input_tokens = 12',
    'token_count="9"', 'keyboard = "qwerty"', 'monkey=1', 'cache_key = "user:42"',
    'the password is required', 'a = b', 'if password == "": retry()']) {
    expect(r.string(text), text).toBe(text);
  }
});

it('well-known secret formats: Stripe live keys, Slack app tokens', () => {
  for (const s of ['sk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv',
    'rk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv', 'sk_test_51HxYzAbCdEfGhIjKlMnOpQrStUv',
    'xapp-1-A0123456789-1234567890123-abcdefabcdef']) {
    expect(r.string(`key is ${s}`), s).toBe('key is [REDACTED]');
  }
  // Publishable keys ship in every checkout page: no secret to hide.
  const publishable = 'key is pk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv';
  expect(r.string(publishable)).toBe(publishable);
});

it('Azure key headers are redacted in Headers', () => {
  const h = new Headers({ 'ocp-apim-subscription-key': 'k3', 'x-functions-key': 'k2' });
  expect(JSON.stringify(sanitize(h, { redactor: r }))).not.toMatch(/k2|k3/);
  expect(sanitize(new Headers({ 'x-api-key': 'k1', 'x-cache': 'hit' }), { redactor: r }))
    .toEqual({ 'x-api-key': '[REDACTED]', 'x-cache': 'hit' });
  expect(r.string('Ocp-Apim-Subscription-Key: k4'))
    .toBe('Ocp-Apim-Subscription-Key: [REDACTED]');
  expect(['cache_key', 'keyboard', 'monkey'].map((k) => r.isSecretKey(k)))
    .toEqual([false, false, false]);
});
