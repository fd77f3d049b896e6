import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import { startMockAnthropic } from '../../../../examples/lib/mock-anthropic.mjs';
import { wrapAnthropic } from '../../src/integrations/anthropic.js';
import { computeCost } from '../../src/integrations/pricing.js';
import { startTelemetry } from '../integrations/setup.js';

let mock: Awaited<ReturnType<typeof startMockAnthropic>>;
let t: Awaited<ReturnType<typeof startTelemetry>>;
beforeEach(async () => {
  mock = await startMockAnthropic();
  t = await startTelemetry();
});
afterEach(async () => {
  await t.close();
  await mock.close();
});

describe('computeCost when a token count is unknown', () => {
  it('gives no cost for input-only usage', () => {
    expect(computeCost('claude-sonnet-4-5', { input: 1000 })).toBeUndefined();
    expect(computeCost('gpt-4o', { input: 1000, cacheRead: 500, total: 1000 }))
      .toBeUndefined();
  });

  it('gives no cost for output-only usage', () => {
    expect(computeCost('claude-sonnet-4-5', { output: 1000 })).toBeUndefined();
    expect(computeCost('o4-mini', { output: 1000, reasoning: 400 })).toBeUndefined();
  });

  it('still prices a call whose output is a known zero', () => {
    expect(computeCost('gpt-4o', { input: 1_000_000, output: 0 })!.cost).toBe(2.5);
  });
});

describe('wrapAnthropic: a stream left before its final usage', () => {
  it('records no cost made of the input alone', async () => {
    const client = new Anthropic({ baseURL: mock.url, apiKey: 'sk-ant-test',
      maxRetries: 0 });
    const anthropic = wrapAnthropic(client, { telemetry: t.telemetry });
    const stream = await anthropic.messages.create({ model: 'claude-sonnet-4-5',
      max_tokens: 100, messages: [{ role: 'user', content: 'a b c d e f g h i j' }],
      stream: true }, { headers: { 'x-mock-chunk-delay-ms': '15' } });
    let text = '';
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
        text += event.delta.text;
        if (text.length > 12) break;
      }
    }
    const [event] = await t.events();
    expect(event!.status).toBe('aborted');
    expect(event!.tokens!.input).toBeGreaterThan(0);
    expect(event!.tokens!.output).toBeUndefined();
    // Output tokens were generated (and billed) but are unknown: a cost of the
    // input alone is a made-up number, not the call's cost.
    expect(event!.cost).toBeNull();
    expect(event!.metadata!.costSource).toBeUndefined();
  });
});
