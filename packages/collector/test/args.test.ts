import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/args.js';
import { type CollectorOptions, resolveOptions } from '../src/options.js';

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
      ['--port', '0', '--host', '0.0.0.0', '--db', ':memory:'].concat(
        ['--cors-origin', 'https://x.dev'],
      ),
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
    const problem = (options: CollectorOptions) => {
      try {
        resolveOptions(options);
        return '';
      } catch (error) {
        return (error as Error).message.split(':')[0];
      }
    };

    expect(problem({ port: 70_000 })).toBe('collector option port');
    expect(problem({ maxBodyBytes: 0 })).toBe('collector option maxBodyBytes');
    expect(problem({ apiKeys: [''] })).toBe('collector option apiKeys');
    expect(problem({ rateLimit: { requestsPerSecond: 0, burst: 1 } })).toBe(
      'collector option rateLimit.requestsPerSecond',
    );
  });
});
