/**
 * Breaker probes: captured values are recorded as they were when the span
 * ended, whatever the user's code does to them afterwards, and no entry
 * key (`__proto__` included) vanishes on the way to the event.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startMockOpenAI } from '../../../../examples/lib/mock-openai.mjs';
import { wrapOpenAI } from '../../src/integrations/openai.js';
import { TelemetryClient } from '../../src/runtimes/node.js';
import type { WireBatch, WireEvent } from '../../src/core/schema.js';

let batches: WireBatch[];
let client: TelemetryClient;
const events = (): WireEvent[] => batches.flatMap((batch) => batch.events);

beforeEach(() => {
  batches = [];
  client = new TelemetryClient({
    flushInterval: 60_000,
    batchSize: 100,
    transport: {
      send: async (batch) => {
        batches.push(batch);
        return { kind: 'sent' };
      },
    },
  });
});
afterEach(async () => {
  await client.close();
});

describe('a captured value changed after its span ended', () => {
  it('is recorded as it was at the end of the span', async () => {
    const messages = [{ role: 'user', content: 'first' }];
    const meta = { step: 1 };
    const span = client.startModelCall({ model: 'm', input: messages, metadata: { meta } });
    span.setOutput(messages).end();
    messages.push({ role: 'assistant', content: 'later' });
    meta.step = 2;
    await client.flush();

    const [event] = events();
    const first = [{ role: 'user', content: 'first' }];
    expect(JSON.parse(event!.input!)).toEqual(first);
    expect(JSON.parse(event!.output!)).toEqual(first);
    expect(event!.metadata).toEqual({ meta: { step: 1 } });
  });

  it('gives each call of an agent loop the messages it was sent (wrapOpenAI)', async () => {
    const mock = await startMockOpenAI();
    try {
      const openai = wrapOpenAI(
        new OpenAI({ baseURL: mock.url, apiKey: 'sk-test', maxRetries: 0 }),
        { telemetry: client },
      );
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'one' }];
      for (const next of ['two', 'three']) {
        const reply = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
        messages.push(reply.choices[0]!.message, { role: 'user', content: next });
      }
      await client.flush();

      const sent = events().map((event) => (JSON.parse(event.input!) as unknown[]).length);
      expect(sent).toEqual([1, 3]);
    } finally {
      await mock.close();
    }
  });
});

describe('a metadata key named __proto__', () => {
  it('is kept as an entry, given alone or in parsed JSON', async () => {
    const span = client.startToolExecution({ toolName: 't' });
    span.setMetadata('__proto__', { a: 1 });
    span.setMetadata(JSON.parse('{"__proto__": {"b": 2}, "c": 3}') as Record<string, unknown>);
    span.end();
    await client.flush();

    const metadata = events()[0]!.metadata!;
    expect(Object.keys(metadata)).toEqual(['__proto__', 'c']);
    expect(JSON.stringify(metadata)).toBe('{"__proto__":{"b":2},"c":3}');
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
  });
});
