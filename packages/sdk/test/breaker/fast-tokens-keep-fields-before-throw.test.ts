import { expect, it } from 'vitest';
import { NODE_FAST_PATHS } from '../../src/core/serialize-fast.js';
import { mergeTokens, type TokenCounts } from '../../src/core/span.js';

it('fast mergeTokens leaves the same counts as the general one when a getter throws', () => {
  const counts = { input: 5, get output(): number { throw new Error('boom'); } } as TokenCounts;
  const general: TokenCounts = {};
  const fast: TokenCounts = {};
  try { mergeTokens(general, counts); } catch { /* setTokens catches */ }
  try { NODE_FAST_PATHS.mergeTokens!(fast, counts); } catch { /* setTokens catches */ }
  expect(fast).toEqual(general);
});
