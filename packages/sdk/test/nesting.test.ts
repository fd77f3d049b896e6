import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelemetryClient } from '../src/runtimes/node.js';
import { TelemetryClient as DefaultClient } from '../src/runtimes/default.js';
import type { WireEvent } from '../src/core/schema.js';
import { startSink } from './helpers.js';

let sink: Awaited<ReturnType<typeof startSink>>;
beforeEach(async () => {
  sink = await startSink();
});
afterEach(() => sink.close());

const byName = (events: WireEvent[]) => new Map(events.map((e) => [e.name, e]));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('nesting with AsyncLocalStorage (Node)', () => {
  it('parents children across awaits', async () => {
    const client = new TelemetryClient({ endpoint: sink.url });
    await client.traceAgent({ agentName: 'root' }, async () => {
      await pause(5);
      await client.traceModelCall({ name: 'child' }, async () => {
        await pause(5);
        client.traceToolExecution({ toolName: 'grandchild' }, () => 1);
      });
    });
    await client.flush();
    const e = byName(sink.events);
    expect(e.get('child')!.parentSpanId).toBe(e.get('root')!.spanId);
    expect(e.get('grandchild')!.parentSpanId).toBe(e.get('child')!.spanId);
    expect(new Set(sink.events.map((x) => x.traceId)).size).toBe(1);
    expect(e.get('root')!.parentSpanId).toBeNull();
  });

  it('never gives concurrent requests each other\'s spans (F6)', async () => {
    const client = new TelemetryClient({ endpoint: sink.url, batchSize: 100 });
    const request = (id: string) =>
      client.traceAgent({ agentName: `req-${id}` }, async () => {
        await Promise.all([0, 1, 2].map((i) =>
          client.traceToolExecution({ toolName: `tool-${id}-${i}` }, async () => {
            await pause(Math.random() * 10);
            await client.traceModelCall({ name: `model-${id}-${i}` }, async () => pause(3));
          })));
      });
    await Promise.all([request('a'), request('b')]);
    await client.flush();
    const e = byName(sink.events);
    for (const id of ['a', 'b']) {
      for (const i of [0, 1, 2]) {
        const tool = e.get(`tool-${id}-${i}`)!;
        expect(tool.parentSpanId).toBe(e.get(`req-${id}`)!.spanId);
        expect(e.get(`model-${id}-${i}`)!.parentSpanId).toBe(tool.spanId);
        expect(tool.traceId).toBe(e.get(`req-${id}`)!.traceId);
      }
    }
    expect(e.get('req-a')!.traceId).not.toBe(e.get('req-b')!.traceId);
  });

  it('gives a message emitted from inside a handler its own root (F6)', async () => {
    const client = new TelemetryClient({ endpoint: sink.url });
    const queue: string[] = [];
    const handle = (message: string): void =>
      client.traceToolExecution({ toolName: `handle-${message}`, root: true }, () => {
        client.traceModelCall({ name: `work-${message}` }, () => 1);
        if (message === 'first') handle('second');
        queue.push(message);
      });
    handle('first');
    client.traceModelCall({ name: 'afterwards' }, () => 1);
    await client.flush();
    const e = byName(sink.events);
    const first = e.get('handle-first')!;
    const second = e.get('handle-second')!;
    expect(second.parentSpanId).toBeNull();
    expect(second.traceId).not.toBe(first.traceId);
    expect(e.get('work-second')!.parentSpanId).toBe(second.spanId);
    expect(e.get('work-first')!.parentSpanId).toBe(first.spanId);
    expect(e.get('afterwards')!.parentSpanId).toBeNull();
    expect(queue).toEqual(['second', 'first']);
  });

  it('uses an explicit parent, and a started span only when passed as parent', async () => {
    const client = new TelemetryClient({ endpoint: sink.url });
    const started = client.startAgent({ agentName: 'manual' });
    client.traceModelCall({ name: 'not-nested' }, () => 1);
    client.traceModelCall({ name: 'nested', parent: started }, () => 1);
    started.end();
    await client.flush();
    const e = byName(sink.events);
    expect(e.get('not-nested')!.parentSpanId).toBeNull();
    expect(e.get('nested')!.parentSpanId).toBe(started.spanId);
    expect(e.get('nested')!.traceId).toBe(started.traceId);
  });

  it('keeps each client\'s context to itself', async () => {
    const one = new TelemetryClient({ endpoint: sink.url });
    const two = new TelemetryClient({ endpoint: sink.url });
    await one.traceAgent({ agentName: 'one-root' }, async () => {
      await two.traceModelCall({ name: 'two-child' }, async () => 1);
    });
    await Promise.all([one.flush(), two.flush()]);
    expect(byName(sink.events).get('two-child')!.parentSpanId).toBeNull();
  });
});

describe('nesting without async context (default entry)', () => {
  it('nests synchronous children and never adopts a concurrent span', async () => {
    const client = new DefaultClient({ endpoint: sink.url });
    const outer = client.traceAgent({ agentName: 'outer' }, async () => {
      client.traceModelCall({ name: 'sync-child' }, () => 1);
      await pause(5);
      client.traceModelCall({ name: 'after-await' }, () => 1);
    });
    const other = client.traceAgent({ agentName: 'other' }, async () => pause(2));
    await Promise.all([outer, other]);
    await client.flush();
    const e = byName(sink.events);
    expect(e.get('sync-child')!.parentSpanId).toBe(e.get('outer')!.spanId);
    expect(e.get('after-await')!.parentSpanId).toBeNull();
  });
});

describe('a disabled or sampled-out SDK is a pass-through (F7)', () => {
  it.each([
    ['disabled', { enabled: false }],
    ['sampled out', { sampleRate: 0 }],
    ['closed', {}],
  ])('%s: keeps the app\'s own async context, this, results and errors', async (_, opts) => {
    const client = new TelemetryClient({ endpoint: sink.url, ...opts });
    if (_ === 'closed') await client.close();
    const appStore = new AsyncLocalStorage<{ user: string }>();
    await appStore.run({ user: 'ada' }, async () => {
      const seen = await client.traceModelCall({}, async () => {
        await pause(1);
        return appStore.getStore()?.user;
      });
      expect(seen).toBe('ada');
      const target = { n: 2 };
      const double = client.traceToolExecutionDecorator({ toolName: 't' })(
        function (this: typeof target) {
          return this.n * 2;
        },
      );
      expect(double.call(target)).toBe(4);
      const error = new Error('same');
      expect(() => client.traceModelCall({}, () => {
        throw error;
      })).toThrow(error);
    });
    await client.flush();
    expect(sink.events).toHaveLength(0);
  });
});
