import fc from 'fast-check';
import { describe as group, expect, it } from 'vitest';
import { createRedactor, REDACTED, type Redactor } from '../src/core/redact.js';
import {
  CIRCULAR,
  DEFAULT_LIMITS,
  DEPTH_LIMIT,
  describe,
  sanitize,
  toContent,
  toJsonObject,
  TRUNCATED,
} from '../src/core/serialize.js';

const redactor = createRedactor() as Redactor;

group('sanitize: cycles and shared objects', () => {
  it('marks true ancestors as circular', () => {
    const app: { name: string; envs: unknown[] } = { name: 'app', envs: [] };
    const env = { name: 'prod', app };
    app.envs = [env];
    expect(sanitize(app)).toEqual({
      name: 'app',
      envs: [{ name: 'prod', app: CIRCULAR }],
    });
  });

  it('writes an object referenced twice without a cycle in full both times', () => {
    const o = { x: 1, list: [1, 2] };
    expect(sanitize({ a: o, b: o, c: [o, o] })).toEqual({
      a: { x: 1, list: [1, 2] },
      b: { x: 1, list: [1, 2] },
      c: [{ x: 1, list: [1, 2] }, { x: 1, list: [1, 2] }],
    });
  });

  it('marks self-references in arrays, Maps, Sets and error causes', () => {
    const list: unknown[] = [1];
    list.push(list);
    const map = new Map<string, unknown>();
    map.set('self', map);
    const set = new Set<unknown>();
    set.add(set);
    const error = new Error('loop');
    (error as { cause?: unknown }).cause = error;
    expect(sanitize(list)).toEqual([1, CIRCULAR]);
    expect(sanitize(map)).toEqual({ self: CIRCULAR });
    expect(sanitize(set)).toEqual([CIRCULAR]);
    expect((sanitize(error) as { cause: unknown }).cause).toBe(CIRCULAR);
  });
});

group('sanitize: primitives', () => {
  it('writes a BigInt as its exact decimal string', () => {
    expect(sanitize(12345678901234567890n)).toBe('12345678901234567890');
    expect(sanitize({ n: -5n })).toEqual({ n: '-5' });
  });

  it('names the numbers JSON cannot hold and turns -0 into 0', () => {
    const out = sanitize([NaN, Infinity, -Infinity, 1.5]);
    expect(out).toEqual(['NaN', 'Infinity', '-Infinity', 1.5]);
    expect(Object.is(sanitize(-0), 0)).toBe(true);
  });

  it('labels symbols and functions', () => {
    function namedFn() {}
    class Widget {}
    expect(sanitize(Symbol('desc'))).toBe('[Symbol(desc)]');
    expect(sanitize(Symbol())).toBe('[Symbol()]');
    expect(sanitize(namedFn)).toBe('[Function namedFn]');
    expect(sanitize(Widget)).toBe('[Function Widget]');
    expect(sanitize([() => 1][0])).toBe('[Function]');
  });

  it('drops undefined in objects, writes null in arrays and at the top level', () => {
    expect(sanitize({ a: undefined, b: 1 })).toEqual({ b: 1 });
    expect(Object.keys(sanitize({ a: undefined }) as object)).toEqual([]);
    expect(sanitize([undefined, 1])).toEqual([null, 1]);
    // eslint-disable-next-line no-sparse-arrays
    expect(sanitize([1, , 3])).toEqual([1, null, 3]);
    expect(sanitize(undefined)).toBeNull();
  });
});

group('sanitize: built-in objects', () => {
  it('writes dates as ISO strings and invalid dates as Invalid Date', () => {
    expect(sanitize(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(sanitize({ at: new Date(Number.NaN) })).toEqual({ at: 'Invalid Date' });
  });

  it('writes errors with name, message, stack, cause and own fields', () => {
    const cause = new TypeError('inner');
    const fields = { code: 'E_FAIL', status: 503 };
    const error = Object.assign(new Error('outer', { cause }), fields);
    const out = sanitize(error) as Record<string, unknown>;
    expect(out).toEqual({
      name: 'Error',
      message: 'outer',
      stack: error.stack,
      cause: { name: 'TypeError', message: 'inner', stack: cause.stack },
      code: 'E_FAIL',
      status: 503,
    });
    const order = ['name', 'message', 'stack', 'cause', 'code', 'status'];
    expect(Object.keys(out)).toEqual(order);
  });

  it('writes the errors of an AggregateError', () => {
    const error = new AggregateError([new Error('a')], 'many');
    const out = sanitize(error) as { errors: Array<{ message: string }> };
    expect(out.errors.map((e) => e.message)).toEqual(['a']);
  });

  it('writes Sets as arrays and Maps as objects or pairs', () => {
    expect(sanitize(new Set([1, 'a']))).toEqual([1, 'a']);
    const plain = new Map<unknown, unknown>([['a', 1], [2, 'b']]);
    expect(sanitize(plain)).toEqual({ a: 1, 2: 'b' });
    const mixed = new Map<unknown, unknown>([[{ id: 1 }, 'x'], ['k', 2]]);
    expect(sanitize(mixed)).toEqual([
      [{ id: 1 }, 'x'],
      ['k', 2],
    ]);
  });

  it('writes a RegExp as its source text and boxed primitives as their value', () => {
    expect(sanitize(/a+b/gi)).toBe('/a+b/gi');
    const boxed = [new String('ab'), new Number(-0), new Boolean(false)];
    expect(sanitize(boxed)).toEqual(['ab', 0, false]);
  });
});

group('sanitize: binary data', () => {
  it('inlines small typed arrays as base64 with their type and size', () => {
    expect(sanitize(new Uint8Array([104, 105]))).toEqual({
      type: 'Uint8Array',
      base64: 'aGk=',
      bytes: 2,
    });
    expect(sanitize(new Uint16Array([1]))).toEqual({
      type: 'Uint16Array',
      base64: 'AQA=',
      bytes: 2,
    });
  });

  it('inlines ArrayBuffer, DataView and a view with an offset', () => {
    const buffer = new Uint8Array([1, 2, 3, 4]).buffer;
    const binary = (type: string, base64: string) => ({ type, base64, bytes: 2 });
    const whole = { type: 'ArrayBuffer', base64: 'AQIDBA==', bytes: 4 };
    expect(sanitize(buffer)).toEqual(whole);
    expect(sanitize(new DataView(buffer, 1, 2))).toEqual(binary('DataView', 'AgM='));
    expect(sanitize(new Uint8Array(buffer, 2))).toEqual(binary('Uint8Array', 'AwQ='));
  });

  it('writes a Node Buffer like the Uint8Array it is', () => {
    const out = sanitize(Buffer.from('hi'));
    expect(out).toEqual({ type: 'Uint8Array', base64: 'aGk=', bytes: 2 });
  });

  it('inlines up to 3 KB and replaces anything larger by a placeholder', () => {
    const small = sanitize(new Uint8Array(3072)) as { base64: string; bytes: number };
    expect(small.bytes).toBe(3072);
    expect(small.base64).toHaveLength(4096);
    expect(sanitize(new Uint8Array(3073))).toBe('[Uint8Array 3073 bytes]');
    expect(sanitize({ audio: new Float32Array(262_144) })).toEqual({
      audio: '[Float32Array 1048576 bytes]',
    });
  });
});

group('sanitize: hostile objects', () => {
  it('marks a getter that throws and keeps the other fields', () => {
    const value = {
      a: 1,
      get broken(): never {
        throw new Error('nope');
      },
      c: 'ok',
    };
    expect(sanitize(value)).toEqual({ a: 1, broken: '[Unserializable: nope]', c: 'ok' });
  });

  it('marks a toJSON that throws and keeps the other fields', () => {
    const bad = {
      toJSON() {
        throw new Error('bad json');
      },
    };
    expect(sanitize({ a: 1, bad, c: [2] })).toEqual({
      a: 1,
      bad: '[Unserializable: bad json]',
      c: [2],
    });
  });

  it('honours toJSON results and sanitizes them', () => {
    const money = { toJSON: () => ({ amount: 10n, at: new Date(0) }) };
    expect(sanitize({ money })).toEqual({
      money: { amount: '10', at: '1970-01-01T00:00:00.000Z' },
    });
    expect(sanitize(new URL('https://x.test/a'))).toBe('https://x.test/a');
    expect(sanitize({ gone: { toJSON: () => undefined }, kept: 1 })).toEqual({ kept: 1 });
  });

  it('writes own fields when toJSON returns the object itself', () => {
    const value = { a: 1, toJSON() { return this; } };
    expect(sanitize(value)).toEqual({ a: 1, toJSON: '[Function toJSON]' });
  });

  it.each(['ownKeys', 'get', 'getPrototypeOf', 'getOwnPropertyDescriptor'])(
    'marks a Proxy whose %s trap throws',
    (trap) => {
      const fail = () => {
        throw new Error(`${trap} trap`);
      };
      const proxy = new Proxy({ a: 1 }, { [trap]: fail });
      const marker = `[Unserializable: ${trap} trap]`;
      expect(sanitize(proxy)).toBe(marker);
      expect(sanitize({ ok: 1, proxy })).toEqual({ ok: 1, proxy: marker });
    },
  );

  it('marks a revoked Proxy', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(sanitize(proxy)).toMatch(/^\[Unserializable: .+\]$/);
  });

  it('handles frozen, null-prototype and class instances', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.x = 1;
    class Point {
      constructor(public x: number, public y: number) {}
      get length() { return Math.hypot(this.x, this.y); }
    }
    expect(sanitize(Object.freeze({ a: Object.freeze([1]) }))).toEqual({ a: [1] });
    expect(sanitize({ bare })).toEqual({ bare: { x: 1 } });
    expect(sanitize(new Point(3, 4))).toEqual({ x: 3, y: 4 });
  });

  it('keeps a __proto__ key as data instead of setting the prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
    const out = sanitize(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":true},"a":1}');
  });
});

group('sanitize: limits', () => {
  it('survives 10,000 levels of nesting and stops at the depth limit', () => {
    let deep: Record<string, unknown> = { end: true };
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    let out = sanitize(deep) as Record<string, unknown>;
    for (let i = 1; i < DEFAULT_LIMITS.maxDepth; i++) {
      out = out.a as Record<string, unknown>;
    }
    expect(out).toEqual({ a: DEPTH_LIMIT });
  });

  it('honours a custom depth and caps absurd ones', () => {
    const shallow = sanitize({ a: { b: { c: 1 } } }, { limits: { maxDepth: 2 } });
    expect(shallow).toEqual({ a: { b: DEPTH_LIMIT } });
    let deep: unknown = [];
    for (let i = 0; i < 10_000; i++) deep = [deep];
    let out = sanitize(deep, { limits: { maxDepth: 1e9, maxTotalChars: 1e9 } });
    let depth = 0;
    for (; Array.isArray(out); depth++) out = out[0] as unknown as typeof out;
    expect(out).toBe(DEPTH_LIMIT);
    expect(depth).toBe(256);
  });

  it('keeps the first maxKeys entries and counts the rest', () => {
    const limits = { maxKeys: 2 };
    const more = (n: number) => `${TRUNCATED} ${n} more items`;
    expect(sanitize([1, 2, 3, 4], { limits })).toEqual([1, 2, more(2)]);
    expect(sanitize(new Set([1, 2, 3]), { limits })).toEqual([1, 2, more(1)]);
    const record = { a: 1, b: 2, [TRUNCATED]: '1 more keys' };
    expect(sanitize({ a: 1, b: 2, c: 3 }, { limits })).toEqual(record);
    expect(sanitize(new Map([['a', 1], ['b', 2], ['c', 3]]), { limits })).toEqual(record);
  });

  it('cuts long strings with a marker, within maxStringChars', () => {
    const out = sanitize('x'.repeat(100), { limits: { maxStringChars: 50 } }) as string;
    expect(out).toHaveLength(50);
    expect(out).toBe(`${'x'.repeat(21)}...[truncated from 100 chars]`);
  });

  it('never splits a surrogate pair when cutting', () => {
    const emoji = '\u{1F600}';
    const marker = '...[truncated from 100 chars]';
    const text = `${'a'.repeat(20)}${emoji.repeat(40)}`;
    const cutAt = (chars: number) =>
      sanitize(text, { limits: { maxStringChars: chars + marker.length } });
    expect(cutAt(22)).toBe(`${'a'.repeat(20)}${emoji}${marker}`);
    expect(cutAt(21)).toBe(`${'a'.repeat(20)}${marker}`);
  });

  it('stops adding entries once the total budget is spent', () => {
    const rows = Array.from({ length: 400 }, (_, id) => ({ id, text: 'y'.repeat(100) }));
    const out = sanitize(rows, { limits: { maxTotalChars: 2000 } }) as unknown[];
    expect(out.length).toBeLessThan(30);
    expect(out.at(-1)).toMatch(/^\[Truncated\] \d+ more items$/);
    expect(JSON.stringify(out).length).toBeLessThan(2200);
  });

  it('cuts a 1e6-element array to maxKeys quickly', () => {
    const big = Array.from({ length: 1_000_000 }, (_, i) => i);
    const out = sanitize(big) as unknown[];
    expect(out).toHaveLength(DEFAULT_LIMITS.maxKeys + 1);
    expect(out.at(-1)).toBe(`${TRUNCATED} 999500 more items`);
  });
});

group('sanitize: redaction', () => {
  it('replaces values under secret keys entirely', () => {
    const headers = { Authorization: 'Bearer abc', Cookie: ['a=1'], accept: 'json' };
    expect(sanitize({ headers }, { redactor })).toEqual({
      headers: { Authorization: REDACTED, Cookie: REDACTED, accept: 'json' },
    });
  });

  it('redacts secrets inside every string, key and nested value', () => {
    const value = {
      url: 'https://x.test/a?key=abc123&q=1',
      nested: [{ note: 'use Bearer t0ken please' }],
      map: new Map([['password', 'hunter2']]),
      error: new Error('failed with api_key=zzz'),
      'key=k3y': 1,
    };
    const out = sanitize(value, { redactor }) as Record<string, unknown>;
    expect(out.url).toBe(`https://x.test/a?key=${REDACTED}&q=1`);
    expect(out.nested).toEqual([{ note: `use Bearer ${REDACTED} please` }]);
    expect(out.map).toEqual({ password: REDACTED });
    const { message } = out.error as { message: string };
    expect(message).toBe(`failed with api_key=${REDACTED}`);
    expect(out[`key=${REDACTED}`]).toBe(1);
  });

  it('redacts a secret that straddles the cut before cutting', () => {
    const text = `${'a'.repeat(70)} sk-${'s'.repeat(60)} ${'b'.repeat(100)}`;
    const out = sanitize(text, { redactor, limits: { maxStringChars: 110 } });
    // Cutting first would keep 'sk-sssssss', too short to be recognised.
    expect(out).toBe(`${'a'.repeat(70)} ${REDACTED}...[truncated from 235 chars]`);
  });

  it('leaves everything as is without a redactor', () => {
    const value = { password: 'p', s: 'token=1' };
    expect(sanitize(value)).toEqual(value);
  });
});

group('toContent', () => {
  it('keeps a string a string and gives undefined for undefined', () => {
    expect(toContent('hello')).toBe('hello');
    expect(toContent(undefined)).toBeUndefined();
    expect(toContent('key=abc', { redactor })).toBe(`key=${REDACTED}`);
  });

  it('writes anything else as JSON text', () => {
    expect(toContent({ a: [1, 2n], b: undefined })).toBe('{"a":[1,"2"]}');
    expect(toContent(null)).toBe('null');
    expect(toContent(42)).toBe('42');
    expect(toContent(() => 1)).toBe('"[Function]"');
  });

  it('cuts a 5 MB string to maxTotalChars, marker included', () => {
    const huge = 'z'.repeat(5 * 1024 * 1024);
    const limits = { maxStringChars: 1_000_000, maxTotalChars: 10_000 };
    const out = toContent(huge, { limits, redactor }) as string;
    expect(out).toHaveLength(10_000);
    expect(out.endsWith('...[truncated from 5242880 chars]')).toBe(true);
    expect(toContent(huge)).toHaveLength(DEFAULT_LIMITS.maxStringChars);
  });

  it('keeps JSON within maxTotalChars even when escapes inflate it', () => {
    const limits = { maxTotalChars: 1000 };
    for (const unit of ['"', '\u0001', '\ud800', 'é']) {
      const value = { s: unit.repeat(5000), more: [unit.repeat(900)] };
      const text = toContent(value, { limits }) as string;
      expect(text.length).toBeLessThanOrEqual(1000);
      expect(() => JSON.parse(text)).not.toThrow();
    }
  });

  it('writes lone surrogates as valid JSON escapes', () => {
    const text = toContent({ s: 'a\ud800b\udc00' }) as string;
    expect(text).toBe('{"s":"a\\ud800b\\udc00"}');
    expect(JSON.parse(text)).toEqual({ s: 'a\ud800b\udc00' });
  });

  it('keeps a large nested payload within maxTotalChars', () => {
    const message = (i: number) => ({ role: 'user', i, text: 'w'.repeat(300) });
    const payload = { messages: Array.from({ length: 5000 }, (_, i) => message(i)) };
    const text = toContent(payload) as string;
    expect(text.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxTotalChars);
    const parsed = JSON.parse(text) as { messages: unknown[] };
    expect(parsed.messages.at(-1)).toMatch(/^\[Truncated\] \d+ more items$/);
  });
});

group('toJsonObject', () => {
  it('keeps objects and wraps everything else', () => {
    expect(toJsonObject({ a: 1n })).toEqual({ a: '1' });
    expect(toJsonObject([1])).toEqual({ value: [1] });
    expect(toJsonObject('x')).toEqual({ value: 'x' });
    expect(toJsonObject(undefined)).toEqual({});
    expect(toJsonObject(null)).toEqual({});
    expect(toJsonObject(new Map([['k', 'v']]))).toEqual({ k: 'v' });
  });

  it('wraps the marker of an object that cannot be read', () => {
    const proxy = new Proxy({}, { ownKeys: () => { throw new Error('no keys'); } });
    expect(toJsonObject(proxy)).toEqual({ value: '[Unserializable: no keys]' });
  });
});

group('describe', () => {
  it('gives name: message for errors, never {}', () => {
    expect(describe(new TypeError('bad input'))).toBe('TypeError: bad input');
    expect(describe(new Error(''))).toBe('Error');
  });

  it('never throws, whatever the value', () => {
    const hostile = { toString() { throw new Error('no'); } };
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(describe(hostile)).toBe('[object Object]');
    expect(describe(Object.create(null))).toBe('[object Object]');
    expect(describe(proxy)).toBe('[Unknown]');
    expect(describe(Symbol('s'))).toBe('Symbol(s)');
    expect(describe(42)).toBe('42');
    expect(describe('x'.repeat(5000))).toHaveLength(1000);
  });
});

group('properties', () => {
  const limits = { maxStringChars: 300, maxDepth: 6, maxKeys: 12, maxTotalChars: 2000 };
  const anything = fc.anything({
    maxDepth: 4,
    maxKeys: 20,
    stringUnit: 'binary',
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withNullPrototype: true,
    withObjectString: true,
    withSet: true,
    withSparseArray: true,
    withTypedArray: true,
  });
  const anyLimits = fc.record({
    maxStringChars: fc.nat(400),
    maxDepth: fc.nat(8),
    maxKeys: fc.nat(20),
    maxTotalChars: fc.nat(3000),
  });
  const runs = { numRuns: 300 };

  it('sanitize never throws and its result survives a JSON round trip', () => {
    fc.assert(
      fc.property(anything, (value) => {
        const out = sanitize(value, { limits, redactor });
        expect(JSON.parse(JSON.stringify(out))).toEqual(out);
      }),
      runs,
    );
  });

  it('toContent gives parseable JSON within maxTotalChars for non-strings', () => {
    fc.assert(
      fc.property(anything, (value) => {
        const text = toContent(value, { limits, redactor });
        if (value === undefined) {
          expect(text).toBeUndefined();
          return;
        }
        expect(text!.length).toBeLessThanOrEqual(limits.maxTotalChars);
        if (typeof value !== 'string') expect(() => JSON.parse(text!)).not.toThrow();
      }),
      runs,
    );
  });

  it('toContent stays within any limits, give or take one short marker', () => {
    fc.assert(
      fc.property(anything, anyLimits, (value, anyLimit) => {
        const text = toContent(value, { limits: anyLimit, redactor });
        if (value === undefined) return;
        expect(text!.length).toBeLessThanOrEqual(anyLimit.maxTotalChars + 40);
        if (typeof value !== 'string') expect(() => JSON.parse(text!)).not.toThrow();
      }),
      runs,
    );
  });

  it('never lets a known secret through, wherever it sits', () => {
    const secret = `sk-proj-${'Zx9'.repeat(20)}`;
    const path = fc.array(fc.oneof(fc.string(), fc.nat(3)), { maxLength: 5 });
    fc.assert(
      fc.property(anything, fc.string({ unit: 'binary' }), path, (noise, text, keys) => {
        let value: unknown = { noise, note: `${text} ${secret} ${text}` };
        for (const key of keys) {
          value = typeof key === 'number' ? [key, value] : { [key]: value };
        }
        const limits = { maxTotalChars: 1e6, maxStringChars: 1e6 };
        expect(toContent(value, { redactor, limits })).not.toContain(secret);
      }),
      runs,
    );
  });
});
