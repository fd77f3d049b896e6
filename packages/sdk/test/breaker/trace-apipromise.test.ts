import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startMockOpenAI } from '../../../../examples/lib/mock-openai.mjs';
import type { WireEvent } from '../../src/core/schema.js';
import { TelemetryClient } from '../../src/runtimes/node.js';

let mock: Awaited<ReturnType<typeof startMockOpenAI>>;
beforeEach(async () => {
  mock = await startMockOpenAI();
});
afterEach(async () => {
  await mock.close();
});

function setup(opts: object) {
  const events: WireEvent[] = [];
  const client = new TelemetryClient({ flushInterval: 60_000, ...opts,
    transport: { send: async (b) => (events.push(...b.events), { kind: 'sent' }) } });
  const openai = new OpenAI({ baseURL: mock.url, apiKey: 'sk-test', maxRetries: 0 });
  const call = () => openai.chat.completions.create({ model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Hello' }] });
  return { client, events, call };
}

describe('traceModelCall around an openai APIPromise', () => {
  it('sampled out: asResponse() on the returned promise still gives an unread body',
    async () => {
      const { client, call } = setup({ sampleRate: 0 });
      // Unwrapped: the raw body can be read.
      const plain = await call().asResponse();
      expect((await plain.json()).choices).toBeDefined();
      // Traced: same object returned, so the same helpers must still work.
      const promise = call();
      const traced = client.traceModelCall({ model: 'gpt-4o-mini' }, () => promise);
      expect(traced).toBe(promise);
      const response = await traced.asResponse();
      expect((await response.json()).choices).toBeDefined();
      await client.close();
    });

  // The documented limitation (README, "The tracing API"): a recording span
  // must call `then`, which makes the APIPromise parse the body.
  it('recording: returns the same object, resolves and ends the span; ' +
    'asResponse() gets a body already read', async () => {
    const { client, events, call } = setup({});
    const promise = call();
    const traced = client.traceModelCall({ model: 'gpt-4o-mini' }, () => promise);
    expect(traced).toBe(promise);
    expect((await traced).choices).toBeDefined();
    const response = await traced.asResponse();
    expect(response.bodyUsed).toBe(true);
    await client.close();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ model: 'gpt-4o-mini', status: 'success' });
  });
});
