/**
 * The built-in price table: list prices of hosted models in US dollars per
 * million tokens, as published by each provider on the table date
 * ({@link PRICE_TABLE_VERSION}). They are list prices: no batch, priority,
 * regional or negotiated rates. Providers change prices without notice;
 * override any entry with `setModelPrices` or the wrappers' `prices` option.
 *
 * Keys are base model names; dated snapshots (`gpt-4o-2024-08-06`,
 * `claude-sonnet-4-5-20250929`) find their base name in `pricing.ts`.
 */
import type { ModelPrice } from './pricing.js';

/** The date the table's prices were recorded; events name it in `costSource`. */
export const PRICE_TABLE_VERSION = '2026-12-01';

// input, output, cached input (cache read), cache write: USD per 1M tokens.
const price = (
  input: number,
  output: number,
  cachedInput?: number,
  cacheWrite?: number,
): ModelPrice => {
  const entry: ModelPrice = { input, output };
  if (cachedInput !== undefined) entry.cachedInput = cachedInput;
  if (cacheWrite !== undefined) entry.cacheWrite = cacheWrite;
  return entry;
};

// OpenAI bills reasoning tokens as output tokens, and cached input at the
// "cached input" rate; prompts are cached automatically, so no write price.
const OPENAI: Record<string, ModelPrice> = {
  'gpt-5':                  price(1.25, 10, 0.125),
  'gpt-5-mini':             price(0.25, 2, 0.025),
  'gpt-5-nano':             price(0.05, 0.4, 0.005),
  'gpt-4.1':                price(2, 8, 0.5),
  'gpt-4.1-mini':           price(0.4, 1.6, 0.1),
  'gpt-4.1-nano':           price(0.1, 0.4, 0.025),
  'gpt-4o':                 price(2.5, 10, 1.25),
  'gpt-4o-mini':            price(0.15, 0.6, 0.075),
  'gpt-4-turbo':            price(10, 30),
  'gpt-4':                  price(30, 60),
  'gpt-3.5-turbo':          price(0.5, 1.5),
  'o1':                     price(15, 60, 7.5),
  'o1-mini':                price(1.1, 4.4, 0.55),
  'o3':                     price(2, 8, 0.5),
  'o3-mini':                price(1.1, 4.4, 0.55),
  'o3-pro':                 price(20, 80),
  'o4-mini':                price(1.1, 4.4, 0.275),
  'text-embedding-3-small': price(0.02, 0),
  'text-embedding-3-large': price(0.13, 0),
  'text-embedding-ada-002': price(0.1, 0),
};

// Anthropic: cache reads at 0.1x input, five-minute cache writes at 1.25x.
const ANTHROPIC: Record<string, ModelPrice> = {
  'claude-opus-4-5':   price(5, 25, 0.5, 6.25),
  'claude-opus-4-1':   price(15, 75, 1.5, 18.75),
  'claude-opus-4':     price(15, 75, 1.5, 18.75),
  'claude-sonnet-4-5': price(3, 15, 0.3, 3.75),
  'claude-sonnet-4':   price(3, 15, 0.3, 3.75),
  'claude-3-7-sonnet': price(3, 15, 0.3, 3.75),
  'claude-3-5-sonnet': price(3, 15, 0.3, 3.75),
  'claude-haiku-4-5':  price(1, 5, 0.1, 1.25),
  'claude-3-5-haiku':  price(0.8, 4, 0.08, 1),
  'claude-3-opus':     price(15, 75, 1.5, 18.75),
  'claude-3-haiku':    price(0.25, 1.25, 0.03, 0.3),
};

// Google: prices for prompts up to 200k tokens; thinking tokens are billed
// as output. Limitation: longer Gemini Pro prompts cost more than listed
// here, so their recorded cost is too low.
const GOOGLE: Record<string, ModelPrice> = {
  'gemini-2.5-pro':        price(1.25, 10, 0.125),
  'gemini-2.5-flash':      price(0.3, 2.5, 0.03),
  'gemini-2.5-flash-lite': price(0.1, 0.4, 0.01),
  'gemini-2.0-flash':      price(0.1, 0.4, 0.025),
  'gemini-2.0-flash-lite': price(0.075, 0.3),
  'gemini-1.5-pro':        price(1.25, 5),
  'gemini-1.5-flash':      price(0.075, 0.3),
};

const MISTRAL: Record<string, ModelPrice> = {
  'mistral-large':     price(2, 6),
  'mistral-medium':    price(0.4, 2),
  'mistral-small':     price(0.1, 0.3),
  'magistral-medium':  price(2, 5),
  'magistral-small':   price(0.5, 1.5),
  'codestral':         price(0.3, 0.9),
  'pixtral-large':     price(2, 6),
  'open-mistral-nemo': price(0.15, 0.15),
  'ministral-8b':      price(0.1, 0.1),
  'ministral-3b':      price(0.04, 0.04),
  'mistral-embed':     price(0.1, 0),
};

/** Every built-in price, keyed by lowercase base model name. */
export const PRICE_TABLE: Readonly<Record<string, Readonly<ModelPrice>>> = Object.freeze({
  ...OPENAI,
  ...ANTHROPIC,
  ...GOOGLE,
  ...MISTRAL,
});
