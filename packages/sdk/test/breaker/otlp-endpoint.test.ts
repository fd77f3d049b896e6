import { describe, expect, it } from 'vitest';
import { TelemetryConfigError } from '../../src/core/config.js';
import { createOtlpTransport } from '../../src/transports/otlp.js';
import { createOtlpProtoTransport } from '../../src/transports/otlp-proto.js';

const KEY = 'rf_sk_live_0123456789abcdefSECRET';

/** The error a transport factory throws for `endpoint`. */
function refusal(create: (o: { endpoint: string }) => unknown, endpoint: string) {
  try {
    create({ endpoint });
  } catch (error) {
    return error as Error;
  }
  throw new Error(`${endpoint} was accepted`);
}

const factories = [
  ['JSON', createOtlpTransport],
  ['protobuf', createOtlpProtoTransport],
] as const;

describe.each(factories)('the OTLP %s transport\'s endpoint check', (_, create) => {
  it.each([
    [`//robot:${KEY}@127.0.0.1:4318`, '"//127.0.0.1:4318"'],
    [`127.0.0.1:4318/?key=${KEY}`, '"127.0.0.1:4318/"'],
    [`otel:4318#${KEY}`, '"otel:4318"'],
    [`http://robot:${KEY}@127.0.0.1:4318/?key=${KEY}`, '"http://127.0.0.1:4318/"'],
  ])('does not repeat the credentials of a refused endpoint %j', (endpoint, shown) => {
    const error = refusal(create, endpoint);
    expect(error).toBeInstanceOf(TelemetryConfigError);
    expect(error.message).toContain('endpoint');
    expect(error.message).not.toContain('rf_sk_live');
    expect(error.message).toContain(`received ${shown}`);
  });

  const withQuery = ['http://127.0.0.1:4318/?tenant=acme', 'http://127.0.0.1:4318#x',
    'https://otel.test/?'];
  it.each(withQuery)('refuses an endpoint with a query or fragment: %s', (endpoint) => {
    const error = refusal(create, endpoint);
    expect(error).toBeInstanceOf(TelemetryConfigError);
    expect(error.message).toContain('without user info, query or fragment');
  });

  it('refuses an endpoint with user info, which fetch would refuse on every send', () => {
    const error = refusal(create, `http://robot:${KEY}@127.0.0.1:4318`);
    expect(error).toBeInstanceOf(TelemetryConfigError);
    expect(error.message).toContain('without user info, query or fragment');
    expect(error.message).toContain('received "http://127.0.0.1:4318/"');
  });

  it('refuses an http(s) URL that does not parse', () => {
    expect(refusal(create, 'http://exa mple:4318')).toBeInstanceOf(TelemetryConfigError);
  });
});
