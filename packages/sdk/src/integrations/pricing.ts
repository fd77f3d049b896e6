/**
 * What a model call cost: prices per million tokens (the built-in table,
 * or the user's own), matched to a model name, applied to a token
 * breakdown.
 *
 * Token convention: `input` counts every prompt token, the cached ones
 * included (as OpenAI counts them); `cacheRead` and `cacheCreation` are
 * the parts of `input` read from and written to a prompt cache; and
 * `reasoning` is the part of `output` spent on thinking.
 *
 * @example
 * ```ts
 * import { setModelPrices } from '@robotforge/sdk/pricing';
 * setModelPrices({ 'my-finetune': { input: 3, output: 12 } });
 * ```
 */
import { TelemetryConfigError } from '../core/config.js';
import type { TokenCounts } from '../core/span.js';
import { PRICE_TABLE, PRICE_TABLE_VERSION } from './prices.js';

/** Prices of one model, in US dollars per million tokens. */
export interface ModelPrice {
  /** Prompt tokens that were neither read from nor written to a cache. */
  input: number;
  /** Generated tokens (reasoning included unless `reasoning` is set). */
  output: number;
  /** Prompt tokens read from the provider's cache; default: `input`. */
  cachedInput?: number;
  /** Prompt tokens written to the provider's cache; default: `input`. */
  cacheWrite?: number;
  /** Reasoning tokens, when priced apart from output; default: `output`. */
  reasoning?: number;
}

/** Prices by model name; `null` removes a price set earlier. */
export type ModelPrices = Record<string, ModelPrice | null>;

/** A computed cost and where its prices came from. */
export interface CostResult {
  /** US dollars. */
  cost: number;
  /** `price-table@<version>` or `user`. */
  source: string;
}

const TOKENS_PER_PRICE_UNIT = 1_000_000;
// Rounds away float noise such as 0.30000000000000004 dollars.
const COST_DECIMALS = 10;
const PRICE_FIELDS = [
  'input', 'output', 'cachedInput', 'cacheWrite', 'reasoning',
] as const;
const TABLE_SOURCE = `price-table@${PRICE_TABLE_VERSION}`;

// Snapshot and variant suffixes, stripped one at a time until a name is
// known: ISO dates (OpenAI), compact dates (Anthropic, Vertex `@`),
// Bedrock versions, aliases, previews, Mistral YYMM and Gemini revisions.
const SUFFIXES = [
  /-\d{4}-\d{2}-\d{2}$/, /[-@]\d{8}$/, /-v\d+(?::\d+)?$/, /-latest$/,
  /-preview(?:-\d{2}-\d{2})?$/, /-exp$/, /-\d{4}$/, /-\d{3}$/,
];

const userPrices = new Map<string, ModelPrice>();

/**
 * Adds or replaces prices for every wrapper in this process; they take
 * precedence over the built-in table. Throws a `TelemetryConfigError` on a
 * price that is not a non-negative number.
 */
export function setModelPrices(prices: ModelPrices): void {
  for (const [name, price] of Object.entries(checkPrices(prices, 'prices'))) {
    if (price === null) userPrices.delete(name);
    else userPrices.set(name, price);
  }
}

/** @internal Checks prices given by the user and lowercases their names. */
export function checkPrices(prices: ModelPrices, option: string): ModelPrices {
  if (prices === null || typeof prices !== 'object') {
    throw new TelemetryConfigError(option, 'an object of prices by model name', prices);
  }
  const checked: ModelPrices = {};
  for (const [name, price] of Object.entries(prices)) {
    if (price !== null) {
      for (const field of PRICE_FIELDS) {
        const value = price?.[field];
        const required = field === 'input' || field === 'output';
        if (value === undefined && !required) continue;
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
          throw new TelemetryConfigError(`${option}["${name}"].${field}`,
            'a finite number >= 0 (US dollars per million tokens)', value);
        }
      }
    }
    checked[name.toLowerCase()] = price === null ? null : { ...price };
  }
  return checked;
}

/** The names to try for `model`, most specific first. */
function candidates(model: string): string[] {
  // `openai/gpt-4o`, `models/gemini-1.5-pro`, Bedrock's `us.anthropic.…`.
  let name = model.trim().toLowerCase().replace(/^.*\//, '');
  name = name.replace(/^(?:[a-z]{2}\.)?anthropic\./, '');
  const names = [name];
  for (;;) {
    const suffix = SUFFIXES.find((pattern) => pattern.test(name));
    if (!suffix) return names;
    name = name.replace(suffix, '');
    names.push(name);
  }
}

/**
 * Finds the price of `model`: first in `prices`, then in prices set with
 * {@link setModelPrices}, then in the built-in table.
 */
export function findModelPrice(
  model: string,
  prices?: ModelPrices,
): { price: ModelPrice; source: string } | undefined {
  const names = candidates(model);
  for (const name of names) {
    const price = prices?.[name] ?? userPrices.get(name);
    if (price) return { price, source: 'user' };
  }
  for (const name of names) {
    const price = PRICE_TABLE[name];
    if (price) return { price, source: TABLE_SOURCE };
  }
  return undefined;
}

/**
 * The cost of a call in US dollars: cached input at the cached price, cache
 * writes at the write price, the rest of the input at the input price.
 * Undefined for an unknown model or unknown usage, never a made-up number:
 * both the input and the output count must be known (a stream left early
 * has billed output tokens nobody counted), so a call that generates
 * nothing, such as an embedding, gives `output: 0`.
 */
export function computeCost(
  model: string | undefined,
  tokens: TokenCounts | undefined,
  prices?: ModelPrices,
): CostResult | undefined {
  if (!model || !tokens) return undefined;
  const { input, output } = tokens;
  if (typeof input !== 'number' || typeof output !== 'number') return undefined;
  const found = findModelPrice(model, prices);
  if (!found) return undefined;

  const { price } = found;
  const cacheRead = tokens.cacheRead ?? 0;
  const cacheCreation = tokens.cacheCreation ?? 0;
  const freshInput = Math.max(0, input - cacheRead - cacheCreation);
  const reasoning = price.reasoning === undefined
    ? 0
    : Math.min(tokens.reasoning ?? 0, output);

  const dollars =
    freshInput * price.input +
    cacheRead * (price.cachedInput ?? price.input) +
    cacheCreation * (price.cacheWrite ?? price.input) +
    (output - reasoning) * price.output +
    reasoning * (price.reasoning ?? price.output);
  const cost = Number((dollars / TOKENS_PER_PRICE_UNIT).toFixed(COST_DECIMALS));
  return { cost, source: found.source };
}

export { PRICE_TABLE_VERSION };
