/**
 * Breaker probes for F6 (nested Promise.all, setTimeout-scheduled children)
 * and F7 (decorators on getters and generator methods, thenables).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelemetryClient } from '../../src/runtimes/node.js';
import { startSink } from '../helpers.js';

let sink: Awaited<ReturnType<typeof startSink>>;
beforeEach(async () => {
  sink = await startSink();
});
afterEach(async () => {
  await sink.close();
});
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('F6: nested Promise.all and timer-scheduled children', () => {
  it('parents every grandchild to its own request', async () => {
    const client = new TelemetryClient({ endpoint: sink.url, batchSize: 1000, flushInterval: 60_000 });
    const request = (id: string) => client.traceAgent({ agentName: `req-${id}` }, () =>
      Promise.all([0, 1, 2].map((i) => client.traceToolExecution(
        { toolName: `tool-${id}-${i}` },
        () => Promise.all([
          new Promise((resolve) => setTimeout(() => resolve(
            client.traceModelCall({ model: `timer-${id}-${i}` }, () => pause(3 - i)),
          ), 5 - i)),
          client.traceModelCall({ model: `direct-${id}-${i}` }, async () => pause(i)),
        ]),
      ))));
    await Promise.all(['a', 'b', 'c'].map(request));
    await client.flush();
    await client.close();
    const events = sink.events;
    const byId = new Map(events.map((e) => [e.spanId, e]));
    expect(events).toHaveLength(3 + 9 + 18);
    for (const e of events.filter((x) => x.type === 'model_call')) {
      const tool = byId.get(e.parentSpanId!)!;
      const [, id, i] = e.model!.split('-');
      expect(tool.name).toBe(`tool-${id}-${i}`);
      expect(byId.get(tool.parentSpanId!)!.name).toBe(`req-${id}`);
    }
  });
});

describe('F7: decorators on getters and generators, enabled and disabled', () => {
  it.each([['enabled', {}], ['disabled', { enabled: false }], ['sampled out', { sampleRate: 0 }]])(
    '%s: a getter keeps this, a generator yields lazily, a thenable is returned as is',
    async (_, opts) => {
      const client = new TelemetryClient({ endpoint: sink.url, ...opts });
      const app = new AsyncLocalStorage<string>();
      const deco = client.traceToolExecutionDecorator({ toolName: 't' });
      class Box {
        n = 21;
        get double() { return this.n * 2; }
        *count() { yield this.n; yield app.getStore(); }
      }
      const getter = Object.getOwnPropertyDescriptor(Box.prototype, 'double')!.get!;
      const tracedGetter = deco(getter, { kind: 'getter', name: 'double' } as never);
      Object.defineProperty(Box.prototype, 'double', { get: tracedGetter });
      Box.prototype.count = deco(Box.prototype.count,
        { kind: 'method', name: 'count' } as never);
      const box = new Box();
      expect(box.double).toBe(42);
      app.run('ada', () => {
        const gen = box.count();
        expect([...gen]).toEqual([21, 'ada']);
      });
      const thenable = { then: (ok: (v: number) => void) => ok(7) };
      const same = client.traceModelCall({}, () => thenable);
      expect(same).toBe(thenable);
      expect(await same).toBe(7);
      await client.close();
    });
});
