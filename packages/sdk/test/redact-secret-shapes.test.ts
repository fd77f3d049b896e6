/**
 * Secrets in the shapes they take in real payloads: JSON or dict text
 * inside a string, object keys that end in a secret word, and passwords
 * in the user info of a URL. Harmless look-alikes must stay readable.
 */
import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED, type Redactor } from '../src/core/redact.js';
import { TelemetryClient } from '../src/runtimes/node.js';
import type { WireBatch } from '../src/core/schema.js';

const redactor = createRedactor() as Redactor;
const redact = (text: string) => redactor.string(text);
const SECRET = 'hunter2-Zq9xW7';

interface ToolFields { payload?: unknown; endpoint?: string; input?: string }

/** The first event a client sends for a tool call with these fields, as JSON. */
async function sentEvent({ payload, endpoint, input }: ToolFields) {
  const batches: WireBatch[] = [];
  const send = async (batch: WireBatch) => {
    batches.push(batch);
    return { kind: 'sent' as const };
  };
  const client = new TelemetryClient({ flushInterval: 60_000, transport: { send } });
  const span = client.startToolExecution({ toolName: 'http', endpoint });
  span.setRequestPayload(payload).setInput(input).end();
  await client.flush();
  await client.close();
  return JSON.stringify(batches[0]!.events[0]);
}

describe('secrets in JSON or dict text inside a string', () => {
  it.each([
    [{ user: 'a', password: SECRET }, `{"user":"a","password":"${REDACTED}"}`],
    [{ authorization: SECRET }, `{"authorization":"${REDACTED}"}`],
    [{ api_key: SECRET }, `{"api_key":"${REDACTED}"}`],
    [{ DB_PASSWORD: SECRET }, `{"DB_PASSWORD":"${REDACTED}"}`],
    [{ refreshToken: SECRET, n: 1 }, `{"refreshToken":"${REDACTED}","n":1}`],
  ])('redacts the value in %j written as JSON', (value, expected) => {
    expect(redact(JSON.stringify(value))).toBe(expected);
  });

  it('redacts single-quoted, spaced, escaped and bare values', () => {
    expect(redact(`{'token': '${SECRET}', 'n': 2}`))
      .toBe(`{'token': '${REDACTED}', 'n': 2}`);
    expect(redact(`{ "password" : "${SECRET}" }`))
      .toBe(`{ "password" : "${REDACTED}" }`);
    expect(redact(`{"secret":"a\\"${SECRET}"}`)).toBe(`{"secret":"${REDACTED}"}`);
    expect(redact(`{'password': "it's ${SECRET}"}`)).toBe(`{'password': "${REDACTED}"}`);
    expect(redact(`{"password": 12345678}`)).toBe(`{"password": ${REDACTED}}`);
  });

  it('leaves harmless keys and empty values as they are', () => {
    const text = '{"tokens":512,"max_tokens":"64","input_tokens":3,"author":"Ann",' +
      '"keyboard":"qwerty","passenger":"Bo","token_count":"9","password":""}';
    expect(redact(text)).toBe(text);
  });

  it.each([
    ['JSON text body with password', JSON.stringify({ user: 'a', password: SECRET })],
    ['JSON text body with authorization', JSON.stringify({ authorization: SECRET })],
    ['JSON text body with api_key', JSON.stringify({ api_key: SECRET })],
    ['Headers instance', new Headers({ authorization: `Token ${SECRET}` })],
    ['Map of headers', new Map([['authorization', SECRET]])],
    ['object key db_password', { DB_PASSWORD: SECRET }],
    ['object key x-auth-token', { 'x-auth-token': SECRET }],
    ['object key openai_api_key', { OPENAI_API_KEY: SECRET }],
    ['array of header pairs', [['Authorization', SECRET]]],
  ])('keeps the secret of a %s out of the sent event', async (_, payload) => {
    expect(await sentEvent({ payload })).not.toContain(SECRET);
  });
});

describe('object keys that end in a secret word', () => {
  it.each([
    'DB_PASSWORD', 'x-auth-token', 'OPENAI_API_KEY', 'openaiApiKey', 'client_secret',
    'refresh_token', 'private_key', 'AWS_SECRET_ACCESS_KEY', 'x-amz-security-token',
    'sessionToken', 'db.password', 'password2', 'SMTP_PASSWD', 'webhookSecret',
    'password_confirmation', 'SecretString', 'passwordHash', 'client_secret_2',
  ])('treats %s as secret', (key) => {
    expect(redactor.isSecretKey(key)).toBe(true);
  });

  it.each([
    'tokens', 'max_tokens', 'input_tokens', 'total_tokens', 'token_count', 'tokenizer',
    'author', 'keyboard', 'passenger', 'passwordless', 'secretary', 'token_type',
    'cache_key', 'reset your password', 'primary key',
  ])('treats %s as ordinary', (key) => {
    expect(redactor.isSecretKey(key)).toBe(false);
  });

  it('redacts such names in name=value and Name: value text too', () => {
    expect(redact(`DB_PASSWORD=${SECRET} x=1`)).toBe(`DB_PASSWORD=${REDACTED} x=1`);
    expect(redact(`dbPassword=${SECRET}&a=1`)).toBe(`dbPassword=${REDACTED}&a=1`);
    expect(redact(`X-Auth-Token: ${SECRET}\r\nAccept: */*`)).toBe(
      `X-Auth-Token: ${REDACTED}\r\nAccept: */*`,
    );
    expect(redact(`password: ${SECRET}\nuser: ann`))
      .toBe(`password: ${REDACTED}\nuser: ann`);
    const harmless = 'max_tokens=64&tokens=7 input_tokens: 12 author: Ann';
    expect(redact(harmless)).toBe(harmless);
  });
});

describe('credentials in the user info of a URL', () => {
  it.each([
    ['https://user:', '@host.test/a?q=1'],
    ['postgres://app:', '@10.0.0.5:5432/prod'],
    ['redis://:', '@cache:6379'],
    ['see mongodb+srv://me:', '@db.test now'],
  ])('redacts the password of %s…%s and keeps scheme, user and host', (head, tail) => {
    expect(redact(`${head}${SECRET}${tail}`)).toBe(`${head}${REDACTED}${tail}`);
    expect(redact(`${head}p%40ss${tail}`)).toBe(`${head}${REDACTED}${tail}`);
  });

  it('leaves URLs without a password alone', () => {
    const text = 'https://host.test:8443/a@b http://user@host.test/ mailto:ann@x.test';
    expect(redact(text)).toBe(text);
  });

  it('keeps the password out of the endpoint and input of a sent event', async () => {
    const text = await sentEvent({
      endpoint: `https://admin:${SECRET}@db.example.com/query`,
      input: `postgres://app:${SECRET}@10.0.0.5:5432/prod`,
    });
    expect(text).not.toContain(SECRET);
    expect(text).toContain(`https://admin:${REDACTED}@db.example.com/query`);
    expect(text).toContain(`postgres://app:${REDACTED}@10.0.0.5:5432/prod`);
  });
});
