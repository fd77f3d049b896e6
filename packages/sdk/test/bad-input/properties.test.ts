/**
 * Property-based tests through the whole client: whatever fast-check
 * generates goes into a setter, the span ends, the batch is serialized as
 * the wire would carry it, and the event must still pass the wire schema.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { problemsOf } from './checks.js';
import { sourceEnv } from './env.js';
import { probeClient } from './sweep.js';
import { SETTERS, type SetterTarget } from './targets.js';

const RUNS = 150;
const pick = (...names: string[]) => SETTERS.filter((target) => names.includes(target.name));

/** Every kind of value fast-check knows, strings with lone surrogates included. */
const anyValue = fc.anything({
  withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true,
  withNullPrototype: true, withObjectString: true, withSparseArray: true,
  withTypedArray: true, stringUnit: 'binary', maxDepth: 6,
});
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', minLength: 10, maxLength: 5000 }));
const anyNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-0, 1e308, -1e-308));

/** Sends one event per sample and expects no throw and no problem with it. */
async function holds(targets: SetterTarget[], values: fc.Arbitrary<unknown>) {
  const { client, deliver } = probeClient(sourceEnv);
  const byName = new Map(targets.map((target) => [target.name, target]));
  await fc.assert(fc.asyncProperty(fc.constantFrom(...byName.keys()), values,
    async (name, value) => {
      const target = byName.get(name)!;
      const result = await deliver(() => target.run(client, 'property', value));
      expect(result.thrown).toBeUndefined();
      expect(result.events).toHaveLength(1);
      expect(problemsOf(result.events[0]!, sourceEnv.validate)).toEqual([]);
    }), { numRuns: RUNS });
  await client.close();
}

describe('arbitrary values through the client', () => {
  it('any value as content, metadata or error gives a valid event', async () => {
    await holds(pick('setInput', 'setOutput', 'setMetadata(entries)',
      'setMetadata(key, value)', 'setError', 'setRequestPayload', 'setResponsePayload'),
    anyValue);
  });

  it('any value in a field that expects a word or a number gives a valid event',
    async () => {
      await holds(pick('setStatus', 'setTokens', 'setCost', 'setTemperature',
        'setHttpStatusCode', 'ModelCallEventBuilder.setLatencyMs'), anyValue);
    });

  it('any string as provider, model, action, endpoint, method or agent id is valid',
    async () => {
      await holds(pick('setProvider', 'setModel', 'setAction', 'setEndpoint',
        'setHttpMethod', 'setAgentId'), anyText);
    });

  it('any number as cost, temperature, status code, tokens or latency is valid',
    async () => {
      await holds(pick('setCost', 'setTemperature', 'setHttpStatusCode', 'setTokens',
        'setTokens({ input })', 'ToolExecutionEventBuilder.setLatencyMs'), anyNumber);
    });
});
