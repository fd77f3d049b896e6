import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/args.js';
import { resolveOptions } from '../src/options.js';

describe('parseCliArgs', () => {
  it('uses the documented defaults', () => {
    expect(parseCliArgs([], {})).toEqual({
      help: false,
      port: 4319,
      host: '127.0.0.1',
      db: './robotforge.db',
      apiKeys: [],
      corsOrigins: undefined,
      verbose: false,
    });
  });

  it('joins repeated --api-key flags with keys from the environment', () => {
    const args = parseCliArgs(['--api-key', 'a', '--api-key', 'b'], {
      ROBOTFORGE_COLLECTOR_KEYS: ' c, ,a ',
    });

    expect(args.apiKeys).toEqual(['a', 'b', 'c']);
  });

  it('reads port, host, db and origins', () => {
    const args = parseCliArgs(
      ['--port', '0', '--host', '0.0.0.0', '--db', ':memory:', '--cors-origin', 'https://x.dev'],
      {},
    );

    expect(args).toMatchObject({
      port: 0, host: '0.0.0.0', db: ':memory:', corsOrigins: ['https://x.dev'],
    });
  });

  it('refuses a port that is not a number', () => {
    expect(() => parseCliArgs(['--port', '80a'], {})).toThrow('--port must be a number');
  });

  it('refuses unknown flags', () => {
    expect(() => parseCliArgs(['--prot', '1'], {})).toThrow(/--prot/);
  });
});

describe('resolveOptions', () => {
  it('names the option that is wrong', () => {
    expect(() => resolveOptions({ port: 70_000 })).toThrow('collector option port');
    expect(() => resolveOptions({ maxBodyBytes: 0 })).toThrow('collector option maxBodyBytes');
    expect(() => resolveOptions({ apiKeys: [''] })).toThrow('collector option apiKeys');
    expect(() => resolveOptions({ rateLimit: { requestsPerSecond: 0, burst: 1 } })).toThrow(
      'rateLimit.requestsPerSecond',
    );
  });
});
