import { afterEach, describe, expect, it, vi } from 'vitest';
import { TelemetryClient, TelemetryConfigError } from '../src/runtimes/node.js';
import { resolveOptions } from '../src/core/config.js';

const noEnv = () => undefined;
const envOf = (vars: Record<string, string>) => (name: string) => vars[name];

afterEach(() => vi.unstubAllEnvs());

describe('options', () => {
  it('applies the documented defaults', () => {
    const o = resolveOptions(undefined, noEnv);
    expect(o.endpoint).toBe('https://api.robotforge.com.ng');
    expect(o.batchSize).toBe(10);
    expect(o.flushInterval).toBe(5000);
    expect(o.maxRetries).toBe(3);
    expect(o.debug).toBe(false);
    expect(o.maxQueueSize).toBe(1000);
    expect(o.sampleRate).toBe(1);
    expect(o.captureContent).toBe(true);
    expect(o.sessionId).toBeUndefined();
    expect(o.apiKey).toBeUndefined();
  });

  it('fills gaps from ROBOTFORGE_* variables and lets explicit options win', () => {
    const env = envOf({
      ROBOTFORGE_API_KEY: 'rf_pk_env',
      ROBOTFORGE_ENDPOINT: 'http://127.0.0.1:9/',
      ROBOTFORGE_PROJECT_ID: 'p-env',
      ROBOTFORGE_TENANT_ID: 't-env',
      ROBOTFORGE_APPLICATION_ID: 'a-env',
      ROBOTFORGE_DEBUG: 'true',
      ROBOTFORGE_SAMPLE_RATE: '0.25',
    });
    const fromEnv = resolveOptions({}, env);
    expect(fromEnv).toMatchObject({
      apiKey: 'rf_pk_env', endpoint: 'http://127.0.0.1:9', projectId: 'p-env',
      tenantId: 't-env', applicationId: 'a-env', debug: true, sampleRate: 0.25,
    });
    const explicit = resolveOptions({ projectId: 'p-opt', sampleRate: 1, debug: false }, env);
    expect(explicit.projectId).toBe('p-opt');
    expect(explicit.sampleRate).toBe(1);
    expect(explicit.debug).toBe(false);
    expect(explicit.tenantId).toBe('t-env');
  });

  it('reads the real process environment in the Node entry', () => {
    vi.stubEnv('ROBOTFORGE_SAMPLE_RATE', 'not-a-number');
    expect(() => new TelemetryClient()).toThrow(/ROBOTFORGE_SAMPLE_RATE.*0 to 1/);
  });

  it.each([
    ['batchSize', 0, /batchSize.*integer from 1/],
    ['batchSize', 2.5, /batchSize/],
    ['flushInterval', '5000', /flushInterval.*integer/],
    ['maxRetries', -1, /maxRetries/],
    ['maxQueueSize', 0, /maxQueueSize/],
    ['sampleRate', 1.5, /sampleRate.*0 to 1/],
    ['sampleRate', Number.NaN, /sampleRate/],
    ['endpoint', 'ftp://x', /endpoint.*http/],
    ['endpoint', 'not a url', /endpoint/],
    ['debug', 'yes', /debug.*true or false/],
    ['beforeSend', 'drop', /beforeSend.*function/],
    ['transport', {}, /transport.*send/],
    ['apiKey', 42, /apiKey.*string/],
  ])('rejects %s = %j with a TelemetryConfigError naming it', (option, value, message) => {
    let error: unknown;
    try {
      new TelemetryClient({ [option]: value } as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TelemetryConfigError);
    expect((error as TelemetryConfigError).option).toBe(option);
    expect((error as Error).message).toMatch(message);
  });

  it('rejects unknown option names', () => {
    expect(() => new TelemetryClient({ flushIntervall: 5 } as never)).toThrow(
      /Unknown option "flushIntervall": see TelemetryOptions/,
    );
  });

  it('names a bad known option before an unknown name', () => {
    expect(() => resolveOptions({ flushIntervall: 5, batchSize: 0 } as never, noEnv))
      .toThrow(/Invalid option "batchSize"/);
  });

  it('treats toString, constructor and __proto__ as unknown option names', () => {
    for (const name of ['toString', 'constructor', '__proto__']) {
      const options = Object.fromEntries([[name, 1]]);
      expect(() => resolveOptions(options as never, noEnv)).toThrow(
        new RegExp(`Unknown option "${name}"`),
      );
    }
  });

  it('never repeats a bad apiKey or endpoint in the message', () => {
    const secret = 'rf_sk_do-not-print-me';
    for (const option of ['apiKey', 'endpoint']) {
      const value = option === 'apiKey' ? [secret] : `ftp://${secret}`;
      let message = '';
      try {
        resolveOptions({ [option]: value } as never, noEnv);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(new RegExp(`Invalid option "${option}"`));
      expect(message).not.toContain(secret);
    }
  });

  it('refuses an endpoint with user info, which fetch refuses on every send', () => {
    const endpoint = 'https://robot:rf_sk_in-the-url@collector.example.com';
    expect(() => resolveOptions({ endpoint }, noEnv)).toThrow(TelemetryConfigError);
    expect(() => resolveOptions({ endpoint }, noEnv))
      .toThrow('expected an http(s) URL without user info, query or fragment');
    expect(resolveOptions({ endpoint: 'https://collector.example.com/' }, noEnv).endpoint)
      .toBe('https://collector.example.com');
  });

  it('rejects options that are not an object', () => {
    expect(() => new TelemetryClient('key' as never)).toThrow(TelemetryConfigError);
  });
});
