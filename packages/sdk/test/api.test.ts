import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ts from 'typescript';
import { TelemetryClient, TelemetryConfigError, ModelCallSpan } from '../src/runtimes/node.js';
import { startSink } from './helpers.js';

let sink: Awaited<ReturnType<typeof startSink>>;
let client: TelemetryClient;

beforeEach(async () => {
  sink = await startSink();
  client = new TelemetryClient({ endpoint: sink.url, flushInterval: 60_000, batchSize: 100 });
});
afterEach(async () => {
  await client.close();
  await sink.close();
});

const sent = async () => {
  await client.flush();
  return sink.events;
};

describe('traceModelCall and traceToolExecution', () => {
  it('returns a synchronous result as is, not a promise', async () => {
    const value = client.traceModelCall({ model: 'm' }, () => 42);
    expect(value).toBe(42);
    const [event] = await sent();
    expect(event).toMatchObject({ type: 'model_call', model: 'm', status: 'success' });
  });

  it('returns the very promise the function returned', async () => {
    const promise = Promise.resolve('ok');
    const returned = client.traceModelCall({}, () => promise);
    expect(returned).toBe(promise);
    expect(await returned).toBe('ok');
  });

  it('times the call until the promise settles', async () => {
    await client.traceModelCall({ name: 'slow' }, () => new Promise((r) => setTimeout(r, 60)));
    const [event] = await sent();
    expect(event!.latencyMs).toBeGreaterThanOrEqual(55);
    const duration = Date.parse(event!.endTime) - Date.parse(event!.startTime);
    expect(Math.abs(duration - event!.latencyMs)).toBeLessThanOrEqual(1);
  });

  it('records a thrown error and re-throws it unchanged', async () => {
    const boom = new TypeError('bad input');
    expect(() =>
      client.traceToolExecution({ toolName: 'search' }, () => {
        throw boom;
      }),
    ).toThrow(boom);
    const rejection = new RangeError('too far');
    await expect(
      client.traceModelCall({}, async () => {
        throw rejection;
      }),
    ).rejects.toBe(rejection);
    const events = await sent();
    expect(events.map((e) => [e.status, e.error?.type, e.error?.message])).toEqual([
      ['error', 'TypeError', 'bad input'],
      ['error', 'RangeError', 'too far'],
    ]);
    expect(events[0]!.error!.stack).toContain('bad input');
  });

  it('records every model and tool option', async () => {
    client.traceModelCall(
      { provider: 'openai', model: 'gpt-4o', temperature: 0.2, name: 'plan',
        input: { q: 1 }, metadata: { step: 1 } },
      (span) => span.setOutput('done'),
    );
    client.traceToolExecution(
      { toolName: 'weather', action: 'lookup', endpoint: 'https://w.test/v1',
        httpMethod: 'get', name: 'weather call', input: 'Lagos', metadata: { a: true } },
      (span) => span.setHttpStatusCode(200),
    );
    const [model, tool] = await sent();
    expect(model).toMatchObject({
      provider: 'openai', model: 'gpt-4o', temperature: 0.2, name: 'plan',
      input: '{"q":1}', output: 'done', metadata: { step: 1 },
    });
    expect(tool).toMatchObject({
      type: 'tool_execution', toolName: 'weather', action: 'lookup',
      endpoint: 'https://w.test/v1', httpMethod: 'GET', name: 'weather call',
      input: 'Lagos', metadata: { a: true }, httpStatusCode: 200,
    });
  });

  it('requires a toolName with a clear error', () => {
    expect(() => client.traceToolExecution({} as never, () => 1)).toThrow(TelemetryConfigError);
  });
});

describe('span setters', () => {
  it('chain, and ignore invalid numbers keeping the earlier value', async () => {
    client.traceModelCall({}, (span) => {
      const same = span
        .setProvider('anthropic').setModel('claude').setTemperature(0.5)
        .setTokens({ input: 10, output: 5, cacheRead: 2, reasoning: 1 })
        .setCost(0.002)
        .setTemperature(Number.NaN).setTemperature('hot' as never)
        .setTokens(-3).setTokens({ input: Infinity, output: 7 })
        .setCost(-1).setCost(Infinity)
        .setMetadata('k', 'v').setMetadata({ j: 2 })
        .setStatus('pending').setStatus('weird' as never);
      expect(same).toBe(span);
    });
    const [event] = await sent();
    expect(event).toMatchObject({
      provider: 'anthropic', model: 'claude', temperature: 0.5, cost: 0.002,
      tokens: { input: 10, output: 7, total: 17, cacheRead: 2, reasoning: 1 },
      metadata: { k: 'v', j: 2 }, status: 'pending',
    });
  });

  it('computes a total from input and output when none is given', async () => {
    client.traceModelCall({}, (span) => span.setTokens({ input: 3, output: 4 }));
    client.traceModelCall({}, (span) => span.setTokens(99));
    const [a, b] = await sent();
    expect(a!.tokens).toEqual({ input: 3, output: 4, total: 7 });
    expect(b!.tokens).toEqual({ total: 99 });
  });

  it('ignores setters on an ended span', async () => {
    const span = client.startModelCall({ model: 'a' });
    span.setOutput('first');
    span.end();
    span.setOutput('second').setModel('b').setStatus('error');
    span.end();
    const events = await sent();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ output: 'first', model: 'a', status: 'success' });
  });

  it('records tool payloads and setError', async () => {
    client.traceToolExecution({ toolName: 'http' }, (span) => {
      span.setRequestPayload({ q: 'x' }).setResponsePayload('<html>')
        .setAction('fetch').setEndpoint('https://a.test').setHttpMethod('post')
        .setError(new Error('late'));
    });
    const [event] = await sent();
    expect(event).toMatchObject({
      requestPayload: '{"q":"x"}', responsePayload: '<html>', action: 'fetch',
      httpMethod: 'POST', status: 'error', error: { type: 'Error', message: 'late' },
    });
  });
});

describe('start… spans and event builders', () => {
  it('ends a started span at the end of a using block', async () => {
    {
      using span = client.startToolExecution({ toolName: 'calc' });
      span.setOutput(4);
    }
    const [event] = await sent();
    expect(event).toMatchObject({ toolName: 'calc', output: '4' });
  });

  it('ends a started span with await using', async () => {
    await (async () => {
      await using span = client.startModelCall({ model: 'x' });
      span.setOutput('y');
    })();
    expect((await sent())[0]).toMatchObject({ model: 'x', output: 'y' });
  });

  it('builds events by hand with a preset latency', async () => {
    client.createModelCallEvent().setModel('gpt').setTokens(10).setLatencyMs(1234).send();
    client.createToolExecutionEvent({ toolName: 'db' }).setAction('query').send();
    const [model, tool] = await sent();
    expect(model).toMatchObject({ model: 'gpt', latencyMs: 1234, tokens: { total: 10 } });
    expect(Date.parse(model!.endTime) - Date.parse(model!.startTime)).toBe(1234);
    expect(tool).toMatchObject({ toolName: 'db', action: 'query' });
  });
});

describe('decorators', () => {
  it('wraps a function keeping this, name, length, result and errors', async () => {
    const decorate = client.traceToolExecutionDecorator({ toolName: 'add' });
    const target = { base: 10 };
    const add = decorate(function add(this: typeof target, a: number, b: number) {
      return this.base + a + b;
    });
    expect(add.name).toBe('add');
    expect(add.length).toBe(2);
    expect(add.call(target, 1, 2)).toBe(13);

    const fail = decorate(async function fail() {
      throw new Error('nope');
    });
    await expect(fail()).rejects.toThrow('nope');
    const [ok, bad] = await sent();
    expect(ok).toMatchObject({ name: 'add', input: '[1,2]', output: '13', toolName: 'add' });
    expect(bad).toMatchObject({ status: 'error', error: { message: 'nope' } });
  });

  it('keeps input and output the function set itself', async () => {
    const traced = client.traceModelCallDecorator({ model: 'm' })(async (prompt: string) => {
      client.getActiveSpan()!.setInput('custom in').setOutput('custom out');
      return `echo ${prompt}`;
    });
    expect(await traced('hi')).toBe('echo hi');
    expect((await sent())[0]).toMatchObject({ input: 'custom in', output: 'custom out' });
  });

  it('works as a TypeScript 5 standard method decorator', async () => {
    const source = `
      export function make(traced) {
        class Agent {
          prefix = 'agent:';
          @traced
          answer(question) { return this.prefix + question; }
        }
        return new Agent();
      }`;
    const js = ts.transpileModule(source, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    }).outputText;
    expect(js).not.toContain('__decorate(');
    const url = `data:text/javascript;base64,${Buffer.from(js).toString('base64')}`;
    const { make } = await import(/* @vite-ignore */ url);
    const agent = make(client.traceModelCallDecorator({ provider: 'p' }));
    expect(agent.answer('why')).toBe('agent:why');
    expect(agent.answer.name).toBe('answer');
    expect((await sent())[0]).toMatchObject({
      name: 'answer', provider: 'p', input: 'why', output: 'agent:why',
    });
  });
});

describe('flush and close', () => {
  it('counts what flush delivered', async () => {
    for (let i = 0; i < 25; i++) client.traceModelCall({}, () => i);
    expect(await client.flush()).toEqual({ sent: 25, failed: 0, dropped: 0 });
    expect(sink.events).toHaveLength(25);
    expect(await client.flush()).toEqual({ sent: 0, failed: 0, dropped: 0 });
  });

  it('keeps running user functions after close but records nothing', async () => {
    await client.close();
    expect(client.traceModelCall({}, () => 'still runs')).toBe('still runs');
    expect(client.recording).toBe(false);
    await client.flush();
    expect(sink.events).toHaveLength(0);
  });

  it('counts a span that ends after close as dropped', async () => {
    const span = client.startModelCall({});
    await client.close();
    span.end();
    expect(client.stats.reasons.closed).toBe(1);
  });

  it('exposes span classes for instanceof checks', () => {
    expect(client.startModelCall()).toBeInstanceOf(ModelCallSpan);
  });
});
