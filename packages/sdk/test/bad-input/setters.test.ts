/**
 * Every hostile value of the corpus through every setter: nothing throws,
 * and the event arrives valid, within the size limits, with its baseline
 * fields intact and binary data as base64 or a sized placeholder.
 */
import { describe, expect, it } from 'vitest';
import { HOSTILE_VALUES } from './corpus.js';
import { sourceEnv } from './env.js';
import { probeSetter } from './sweep.js';
import { SETTERS } from './targets.js';

describe('hostile values through every setter', () => {
  it('has a corpus of at least thirty hostile values', () => {
    expect(HOSTILE_VALUES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(HOSTILE_VALUES.map((value) => value.name)).size)
      .toBe(HOSTILE_VALUES.length);
  });

  it.each(SETTERS)('$name takes each one without throwing and sends a valid event',
    async (target) => {
      expect(await probeSetter(sourceEnv, target, HOSTILE_VALUES)).toEqual([]);
    });
});
