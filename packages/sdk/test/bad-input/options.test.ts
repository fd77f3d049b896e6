/**
 * Hostile values as options: of every trace method (only a missing or
 * non-string required name may throw, and only a TelemetryConfigError),
 * and of the client constructor (a TelemetryConfigError or a working
 * client, never another exception).
 */
import { describe, expect, it } from 'vitest';
import { HOSTILE_VALUES, type HostileValue } from './corpus.js';
import { sourceEnv } from './env.js';
import { probeClientOption, probeOption } from './sweep.js';
import { CLIENT_OPTIONS, OPTION_TARGETS } from './targets.js';

/** Values aimed at one option's own parsing, beside the general corpus. */
const AIMED: HostileValue[] = [
  { name: 'redact with a string pattern', make: () => ({ patterns: ['ACME-1'] }) },
  { name: 'redact with patterns not in an array', make: () => ({ patterns: /x/g }) },
  { name: 'redact with a number as key', make: () => ({ keys: [1] }) },
  { name: 'redact with an empty key', make: () => ({ keys: [''] }) },
  { name: 'transport with send not a function', make: () => ({ send: 'POST' }) },
  { name: 'endpoint without a scheme', make: () => 'collector.local:4319' },
  { name: 'endpoint with another scheme', make: () => 'ftp://127.0.0.1/' },
  { name: 'a fraction', make: () => 2.5 },
  { name: 'a negative integer', make: () => -1 },
  { name: 'a huge integer', make: () => Number.MAX_SAFE_INTEGER },
  { name: 'a numeric string', make: () => '10' },
  { name: 'an options object with an unknown key', make: () => ({ endpont: 'x' }) },
];
const ALL = [...HOSTILE_VALUES, ...AIMED];

describe('hostile values as trace method options', () => {
  it.each(OPTION_TARGETS)('$name: a valid event, or TelemetryConfigError for a bad name',
    async (target) => {
      expect(await probeOption(sourceEnv, target, HOSTILE_VALUES)).toEqual([]);
    });
});

describe('hostile values as client options', () => {
  it.each(CLIENT_OPTIONS)('%s: a working client or a TelemetryConfigError',
    async (option) => {
      expect(await probeClientOption(sourceEnv, option, ALL)).toEqual([]);
    });

  it('the options object itself: a working client or a TelemetryConfigError', async () => {
    expect(await probeClientOption(sourceEnv, undefined, ALL)).toEqual([]);
  });
});
