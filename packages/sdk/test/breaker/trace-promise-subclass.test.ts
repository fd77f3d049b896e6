import { describe, expect, it } from 'vitest';
import type { WireEvent } from '../../src/core/schema.js';
import { TelemetryClient } from '../../src/runtimes/node.js';

/** A Promise subclass whose constructor does not take an executor (legal JS). */
class Deferred<T> extends Promise<T> {
  constructor(value: T) {
    super((resolve) => resolve(value));
  }
}

/** A promise that counts calls to its `then`. */
class Counted<T> extends Promise<T> {
  thenCalls = 0;
  override then<A = T, B = never>(
    ok?: ((value: T) => A | PromiseLike<A>) | null,
    ko?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.thenCalls++;
    return super.then(ok, ko);
  }
}

const modes = [['enabled', {}], ['sampled out', { sampleRate: 0 }]] as const;

function recording(opts: object) {
  const events: WireEvent[] = [];
  const client = new TelemetryClient({ flushInterval: 60_000, ...opts,
    transport: { send: async (b) => (events.push(...b.events), { kind: 'sent' }) } });
  return { client, events };
}

describe('a traced function returning a Promise subclass', () => {
  it.each(modes)('%s: traceModelCall returns the same object and never throws',
    async (_, opts) => {
      const { client } = recording(opts);
      const p = new Deferred(5);
      let got: unknown;
      let thrown: unknown;
      try {
        got = client.traceModelCall({ model: 'm' }, () => p);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeUndefined();
      expect(got).toBe(p);
      await client.close();
    });

  it.each(modes)('%s: a decorated function never throws either', async (_, opts) => {
    const { client } = recording(opts);
    const p = new Deferred(5);
    const traced = client.traceToolExecutionDecorator({ toolName: 't' })(() => p);
    expect(traced()).toBe(p);
    await client.close();
  });

  it('ends the span at once when the promise cannot be observed', async () => {
    const { client, events } = recording({});
    const p = new Deferred(5);
    client.traceToolExecutionDecorator({ toolName: 't' })(() => p)();
    await client.close();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ toolName: 't', status: 'success', output: null });
  });
});

describe('a sampled-out traced function returning a promise', () => {
  it('passes the promise through without calling its then', async () => {
    const { client, events } = recording({ sampleRate: 0 });
    const p = new Counted<number>((resolve) => resolve(5));
    expect(client.traceModelCall({ model: 'm' }, () => p)).toBe(p);
    const traced = client.traceModelCallDecorator({ model: 'm' })(() => p);
    expect(traced()).toBe(p);
    expect(p.thenCalls).toBe(0);
    await client.close();
    expect(events).toEqual([]);
  });

  it('is still followed when the span records', async () => {
    const { client, events } = recording({});
    const p = new Counted<number>((resolve) => resolve(5));
    expect(client.traceModelCall({ model: 'm' }, () => p)).toBe(p);
    expect(p.thenCalls).toBe(1);
    await p;
    await client.close();
    expect(events).toHaveLength(1);
  });
});
