import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryConfigError } from '../../src/core/config.js';
import {
  computeCost,
  findModelPrice,
  PRICE_TABLE_VERSION,
  setModelPrices,
} from '../../src/integrations/pricing.js';
import { PRICE_TABLE } from '../../src/integrations/prices.js';

const TABLE = `price-table@${PRICE_TABLE_VERSION}`;

afterEach(() => {
  setModelPrices({ 'gpt-4o': null, 'my-model': null });
});

describe('price table', () => {
  it('is dated and covers OpenAI, Anthropic, Google and Mistral', () => {
    expect(PRICE_TABLE_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const model of ['gpt-4o', 'claude-sonnet-4-5', 'gemini-2.5-pro', 'mistral-large']) {
      expect(PRICE_TABLE[model]!.input).toBeGreaterThan(0);
      expect(PRICE_TABLE[model]!.output).toBeGreaterThan(0);
    }
  });

  it.each([
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['gpt-4-0613', 'gpt-4'],
    ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
    ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5'],
    ['us.anthropic.claude-3-5-haiku-20241022-v1:0', 'claude-3-5-haiku'],
    ['models/gemini-1.5-pro-002', 'gemini-1.5-pro'],
    ['gemini-2.5-flash-preview-05-20', 'gemini-2.5-flash'],
    ['mistral-large-2411', 'mistral-large'],
    ['mistral-small-latest', 'mistral-small'],
    ['openai/GPT-4o', 'gpt-4o'],
  ])('prices the snapshot %s as %s', (snapshot, base) => {
    expect(findModelPrice(snapshot)).toEqual({ price: PRICE_TABLE[base], source: TABLE });
  });

  it('never prices one model as another that shares its prefix', () => {
    expect(findModelPrice('gpt-4o-mini')!.price).toBe(PRICE_TABLE['gpt-4o-mini']);
    expect(findModelPrice('o3-pro')!.price).toBe(PRICE_TABLE['o3-pro']);
    expect(findModelPrice('gpt-4o-realtime-preview')).toBeUndefined();
  });
});

describe('computeCost', () => {
  it('bills cached input at the cached price and the rest at the input price', () => {
    // gpt-4o: 2.50 input, 1.25 cached input, 10 output per million.
    const result = computeCost('gpt-4o-2024-08-06',
      { input: 1_000_000, cacheRead: 400_000, output: 100_000 });
    expect(result).toEqual({ cost: 0.6 * 2.5 + 0.4 * 1.25 + 0.1 * 10, source: TABLE });
  });

  it('bills cache writes at the write price', () => {
    // claude-sonnet-4-5: 3 input, 0.30 read, 3.75 write, 15 output.
    const result = computeCost('claude-sonnet-4-5-20250929',
      { input: 3000, cacheRead: 1000, cacheCreation: 1000, output: 500 });
    expect(result!.cost).toBeCloseTo((1000 * 3 + 1000 * 0.3 + 1000 * 3.75 + 500 * 15) / 1e6, 12);
  });

  it('bills reasoning apart from output only when a reasoning price is set', () => {
    setModelPrices({ 'my-model': { input: 1, output: 4, reasoning: 8 } });
    const result = computeCost('my-model', { input: 0, output: 1_000_000, reasoning: 250_000 });
    expect(result).toEqual({ cost: 0.75 * 4 + 0.25 * 8, source: 'user' });
    const plain = computeCost('o4-mini', { input: 0, output: 1_000_000, reasoning: 250_000 });
    expect(plain!.cost).toBeCloseTo(4.4, 12);
  });

  it('gives undefined, never 0, for an unknown model or unknown usage', () => {
    expect(computeCost('my-own-model', { input: 10, output: 10 })).toBeUndefined();
    expect(computeCost(undefined, { input: 10, output: 10 })).toBeUndefined();
    expect(computeCost('gpt-4o', undefined)).toBeUndefined();
    expect(computeCost('gpt-4o', { total: 20 })).toBeUndefined();
  });
});

describe('setModelPrices', () => {
  it('overrides the table for a model and its snapshots, and can be removed', () => {
    setModelPrices({ 'GPT-4o': { input: 1, output: 1 } });
    expect(computeCost('gpt-4o-2024-08-06', { input: 1_000_000, output: 0 }))
      .toEqual({ cost: 1, source: 'user' });
    setModelPrices({ 'gpt-4o': null });
    expect(computeCost('gpt-4o', { input: 1_000_000, output: 0 }))
      .toEqual({ cost: 2.5, source: TABLE });
  });

  it('prefers prices passed to the call over prices set for the process', () => {
    setModelPrices({ 'my-model': { input: 1, output: 1 } });
    const result = computeCost('my-model', { input: 1_000_000, output: 0 },
      { 'my-model': { input: 3, output: 3 } });
    expect(result).toEqual({ cost: 3, source: 'user' });
  });

  it('rejects a bad price with the option path in the error', () => {
    expect(() => setModelPrices({ 'my-model': { input: -1, output: 1 } }))
      .toThrow(TelemetryConfigError);
    expect(() => setModelPrices({ 'my-model': { input: 1 } as never }))
      .toThrow(/prices\["my-model"\]\.output/);
  });
});
