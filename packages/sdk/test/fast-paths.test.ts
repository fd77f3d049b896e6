/**
 * The fast paths the Node entry plugs in (serialize-fast.ts) give exactly
 * what the general paths give, and a span whose event waits for its batch
 * is sent as it was when it ended. This file imports no runtime entry, so
 * the general paths here are the ones every other runtime uses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgentSpan, ModelCallSpan, ToolExecutionSpan } from '../src/core/kinds.js';
import { createLogger } from '../src/core/logger.js';
import { createRedactor, type Redactor } from '../src/core/redact.js';
import { fastPaths, toJsonObject } from '../src/core/serialize.js';
import { NODE_FAST_PATHS } from '../src/core/serialize-fast.js';
import { mergeTokens, type SpanSink, type TokenCounts } from '../src/core/span.js';
import { toIsoString } from '../src/core/time.js';

const redactor = createRedactor() as Redactor;
const fast = NODE_FAST_PATHS as Required<typeof NODE_FAST_PATHS>;
const noOptions = {};

const sink: SpanSink = {
  logger: createLogger(false),
  spanEnded: () => undefined,
  monotonic: () => 0,
  now: () => 0,
};

const SECRETS = ['Bearer abc.def', 'sk-abcdefghijklmnopqrstuvwxyz', 'key=hunter2',
  'plain'];
const KEYS = ['i', 'api_key', 'X-Api-Key', 'password', '__proto__', 'toString', 'step'];
const flatValue = fc.oneof(
  fc.string({ maxLength: 300 }), fc.constantFrom(...SECRETS), fc.integer(),
  fc.double(), fc.constantFrom(-0, NaN, Infinity), fc.boolean(), fc.constant(null),
  fc.constant(undefined),
);
const flatRecord = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string()),
  flatValue), { maxLength: 40 }).map((entries) => {
  const record: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(record, key,
      { value, enumerable: true, writable: true, configurable: true });
  }
  return record;
});

describe('flat metadata without the walk', () => {
  it('is what the walk gives, whenever the fast path takes the object', () => {
    expect(fastPaths).toEqual({});
    let taken = 0;
    fc.assert(fc.property(flatRecord, fc.boolean(), (record, redacting) => {
      const options = redacting ? { redactor } : noOptions;
      const flat = fast.flatObject(record, options);
      if (flat === undefined) return;
      taken++;
      const walked = toJsonObject(record, options);
      expect(JSON.stringify(flat)).toBe(JSON.stringify(walked));
      expect(Object.keys(flat)).toEqual(Object.keys(walked));
      expect(Object.getPrototypeOf(flat)).toBe(Object.prototype);
    }), { numRuns: 400 });
    expect(taken).toBeGreaterThan(100);
  });

  it('keeps secret keys out and a __proto__ key as an entry', () => {
    const record = JSON.parse('{"__proto__": 1, "api_key": "abc", "note": "Bearer x"}');
    expect(JSON.stringify(fast.flatObject(record, { redactor })))
      .toBe('{"__proto__":1,"api_key":"[REDACTED]","note":"Bearer [REDACTED]"}');
  });

  it('leaves nested, long, many-keyed and non-plain values to the walk', () => {
    const many = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, i]));
    for (const value of [{ a: { b: 1 } }, { a: [1] }, { a: 'x'.repeat(257) },
      { ['x'.repeat(257)]: 1 }, many, [1, 2], new Date(0), new Map(), { a: 1n },
      Object.assign(Object.create({ inherited: 1 }), { a: 1 }), { toJSON: () => 1 }]) {
      expect(fast.flatObject(value, { redactor })).toBeUndefined();
    }
    expect(fast.flatObject({ a: 1 }, { limits: { maxKeys: 1 } })).toBeUndefined();
  });
});

describe('token counts read by name', () => {
  const count = fc.oneof(fc.nat(), fc.constantFrom(-1, 1.5, NaN, '3', null, undefined));
  const counts = fc.record({ input: count, output: count, total: count, cacheRead: count,
    cacheCreation: count, reasoning: count }, { requiredKeys: [] });

  it('merge exactly as the loop over the fields does', () => {
    fc.assert(fc.property(counts, counts, (before, given) => {
      const general: TokenCounts = {};
      const quick: TokenCounts = {};
      mergeTokens(general, before as TokenCounts);
      fast.mergeTokens(quick, before as TokenCounts);
      const named = mergeTokens(general, given as TokenCounts);
      expect(fast.mergeTokens(quick, given as TokenCounts)).toBe(named);
      expect(quick).toEqual(general);
      expect(Object.keys(quick)).toEqual(Object.keys(general));
    }), { numRuns: 500 });
  });
});

describe('time stamps that reuse their second', () => {
  it('are what Date#toISOString gives, in any order and at any fraction', () => {
    const ms = fc.oneof(fc.integer({ min: -8.64e15 + 3000, max: 8.64e15 - 3000 }),
      fc.double({ min: -1e13, max: 1e13, noNaN: true }));
    const lists = fc.array(ms, { maxLength: 20 });
    fc.assert(fc.property(lists, fc.nat(2000), (list, step) => {
      for (const at of list.flatMap((t) => [t, t + step, t - 1])) {
        expect(fast.isoString(at)).toBe(toIsoString(at));
        expect(toIsoString(at)).toBe(new Date(Math.floor(at)).toISOString());
      }
    }), { numRuns: 300 });
  });
});

describe('redaction remembered for short texts', () => {
  it('is what the redactor gives, the first time and every time after', () => {
    fc.assert(fc.property(fc.oneof(fc.constantFrom(...SECRETS), fc.string()), (text) => {
      expect(fast.redactShort(text, redactor)).toBe(redactor.string(text));
      expect(fast.redactShort(text, redactor)).toBe(redactor.string(text));
    }), { numRuns: 300 });
    const long = `${'a'.repeat(300)} Bearer abc`;
    expect(fast.redactShort(long, redactor)).toBe(redactor.string(long));
  });
});

describe('a span whose event may wait for its batch', () => {
  const settled = (span: ModelCallSpan | ToolExecutionSpan | AgentSpan, options = {}) =>
    fast.isSettled(span, options);

  it('holds only strings, numbers and metadata of those', () => {
    const span = new ModelCallSpan(sink, undefined, true, 'n');
    span.setInput('hello').setOutput('world').setTokens({ input: 1 })
      .setMetadata({ i: 1, ok: true, none: null, text: 'x' });
    expect(settled(span)).toBe(true);
    expect(settled(new AgentSpan(sink, undefined, true, 'a'))).toBe(true);
  });

  it('is never one that holds an object, an error or a very long text', () => {
    const make = () => new ModelCallSpan(sink, undefined, true, 'n');
    expect(settled(make().setInput([{ role: 'user' }]))).toBe(false);
    expect(settled(make().setOutput({ text: 'x' }))).toBe(false);
    expect(settled(make().setOutput(() => 1))).toBe(false);
    expect(settled(make().setError(new Error('x')))).toBe(false);
    expect(settled(make().setMetadata('messages', []))).toBe(false);
    expect(settled(make().setInput('x'.repeat(32_001)))).toBe(false);
    const tool = new ToolExecutionSpan(sink, undefined, true, 't');
    expect(settled(tool.setRequestPayload({ q: 1 }))).toBe(false);
  });

  it('is never one whose client has a beforeSend, which sees it as it ends', () => {
    const span = new ModelCallSpan(sink, undefined, true, 'n').setInput('hello');
    expect(settled(span, { beforeSend: (event: unknown) => event })).toBe(false);
  });
});
