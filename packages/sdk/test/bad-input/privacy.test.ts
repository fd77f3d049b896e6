/**
 * What leaves the process, read from the raw request bodies at a loopback
 * sink: no captured content with `captureContent: false`, what
 * `beforeSend` decided, and no secret in any field unless redaction is off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TelemetryOptions } from '../../src/core/config.js';
import { TelemetryClient } from '../../src/runtimes/node.js';
import { startFront } from '../faults/servers.js';

const MARKER = `rf-marker-${Math.random().toString(36).slice(2)}`;
const SECRETS = {
  openAiKey: `sk-proj-${'A1b2C3d4'.repeat(6)}`,
  anthropicKey: `sk-ant-api03-${'Zz09_-xY'.repeat(11)}`,
  bearerToken: 'opaqueBearerT0ken',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlX2hlcmU',
  keyParameter: 'QueryKey123',
  tokenParameter: 'QueryToken456',
  authorizationHeader: 'HeaderSecret789',
};
const URL_WITH_KEYS =
  `https://api.test/v1?key=${SECRETS.keyParameter}&token=${SECRETS.tokenParameter}`;

const fronts: Awaited<ReturnType<typeof startFront>>[] = [];
const clients: TelemetryClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(fronts.splice(0).map((front) => front.close()));
});

/** A client whose batches land at a sink that keeps the raw bodies. */
async function clientWithSink(options: TelemetryOptions = {}) {
  const front = await startFront({ answer: () => ({ kind: 'forward' }) });
  fronts.push(front);
  const client = new TelemetryClient({ endpoint: front.url, flushInterval: 60_000,
    ...options });
  clients.push(client);
  const raw = async () => {
    await client.flush();
    return front.bodies.join('\n');
  };
  return { client, raw };
}

/** Secrets in every content field and in the fields around them. */
function recordSecrets(client: TelemetryClient, extra = '') {
  const text = `keys ${SECRETS.openAiKey} ${SECRETS.anthropicKey} ${SECRETS.jwt} ${extra}`;
  client.startToolExecution({ toolName: 'http', input: text })
    .setOutput({ auth: `Bearer ${SECRETS.bearerToken}` })
    .setRequestPayload({ url: URL_WITH_KEYS,
      headers: { Authorization: `Token ${SECRETS.authorizationHeader}` } })
    .setResponsePayload(`echo ${text}`)
    .setMetadata({ note: text })
    .setEndpoint(URL_WITH_KEYS)
    .setError(new Error(`failed: ${text}`))
    .end();
}

describe('captureContent: false', () => {
  it('sends no input, output or payload, however they were captured', async () => {
    const { client, raw } = await clientWithSink({ captureContent: false });
    client.traceModelCall({ input: `${MARKER} option` }, (span) =>
      span.setInput(`${MARKER} setter`).setOutput(`${MARKER} output`));
    client.traceToolExecution({ toolName: 'tool' }, (span) => span
      .setRequestPayload({ body: MARKER }).setResponsePayload([MARKER]));
    const traced = client.traceModelCallDecorator({ name: 'decorated' })(
      (prompt: string) => `${prompt} answered`);
    expect(traced(MARKER)).toBe(`${MARKER} answered`);
    await client.traceAgent({ agentName: 'agent', input: { MARKER } }, async () => MARKER);

    const body = await raw();
    expect(body).not.toContain(MARKER);
    const events = JSON.parse(body.split('\n')[0]!).events as Record<string, unknown>[];
    expect(events).toHaveLength(4);
    for (const event of events) {
      expect([event.input, event.output, event.requestPayload ?? null,
        event.responsePayload ?? null]).toEqual([null, null, null, null]);
    }
  });
});

describe('beforeSend', () => {
  it('edits what is sent and drops what it returns null for', async () => {
    const { client, raw } = await clientWithSink({ beforeSend: (event) =>
      event.name === 'drop' ? null
        : { ...event, output: 'edited', metadata: { by: 'hook' } } });
    client.traceModelCall({ name: 'keep' }, (span) => span.setOutput(`${MARKER} original`));
    client.traceModelCall({ name: 'drop', input: `${MARKER} dropped` }, () => 1);

    const body = await raw();
    expect(body).not.toContain(MARKER);
    const events = JSON.parse(body).events as Record<string, unknown>[];
    expect(events.map((e) => [e.name, e.output, e.metadata]))
      .toEqual([['keep', 'edited', { by: 'hook' }]]);
    expect(client.stats.reasons).toEqual({ before_send: 1 });
  });
});

describe('secret redaction', () => {
  it('removes keys, bearer tokens, JWTs, key parameters and auth headers by default',
    async () => {
      const { client, raw } = await clientWithSink();
      recordSecrets(client);
      const body = await raw();
      for (const secret of Object.values(SECRETS)) expect(body).not.toContain(secret);
      expect(body).toContain('[REDACTED]');
    });

  it('removes secrets from names, actions, models and other plain fields too', async () => {
    const { client, raw } = await clientWithSink();
    client.startToolExecution({ name: `GET ${URL_WITH_KEYS}`, toolName: 'http' })
      .setAction(`call ${URL_WITH_KEYS}`).end();
    client.startModelCall({ name: 'chat' }).setModel(SECRETS.openAiKey).end();
    client.startAgent({ agentName: 'agent', agentId: SECRETS.jwt }).end();
    const body = await raw();
    for (const secret of Object.values(SECRETS)) expect(body).not.toContain(secret);
  });

  it('removes Authorization values given as header lines or header pairs', async () => {
    const { client, raw } = await clientWithSink();
    const secret = SECRETS.authorizationHeader;
    client.startToolExecution({ toolName: 'http' })
      .setRequestPayload(`POST /v1 HTTP/1.1\r\nAuthorization: Token ${secret}\r\n\r\n`)
      .setResponsePayload({ rawHeaders: ['Authorization', `Token ${secret}`] })
      .setMetadata({ headers: [['authorization', `Token ${secret}`]] })
      .end();
    expect(await raw()).not.toContain(secret);
  });

  it('also removes patterns added with redact.patterns, keeping the defaults', async () => {
    const { client, raw } = await clientWithSink({ redact: { patterns: [/ACME-\d+/g] } });
    recordSecrets(client, 'ticket ACME-12345');
    const body = await raw();
    expect(body).not.toContain('ACME-12345');
    for (const secret of Object.values(SECRETS)) expect(body).not.toContain(secret);
  });

  it('sends everything verbatim with redact: false', async () => {
    const { client, raw } = await clientWithSink({ redact: false });
    recordSecrets(client);
    const body = await raw();
    for (const secret of [SECRETS.openAiKey, SECRETS.anthropicKey, SECRETS.jwt,
      SECRETS.bearerToken, SECRETS.keyParameter, SECRETS.authorizationHeader]) {
      expect(body).toContain(secret);
    }
    expect(body).not.toContain('[REDACTED]');
  });
});
