/**
 * Hostile values: what real applications hand a telemetry SDK by accident
 * (ORM graphs, SDK response objects, buffers, proxies) or on purpose.
 * Each is built fresh by `make()`, so a test cannot spoil the next one,
 * and the big ones cost memory only while in use.
 */

/** One hostile value. */
export interface HostileValue {
  name: string;
  make(): unknown;
  /** For binary data: its size, which a placeholder must state. */
  binaryBytes?: number;
}

const MB = 1024 * 1024;
const DEEP_LEVELS = 10_000;
const MANY_KEYS = 100_000;
const TRAPS = ['get', 'set', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf',
  'setPrototypeOf', 'defineProperty', 'deleteProperty', 'isExtensible', 'preventExtensions',
  'apply', 'construct'] as const;

/** A handler whose every trap throws. */
const throwingHandler = (): ProxyHandler<object> =>
  Object.fromEntries(TRAPS.map((trap) => [trap, () => {
    throw new Error(`hostile proxy: ${trap}`);
  }]));

/** Nesting built with a loop: building it must not overflow the stack either. */
function deeplyNested(wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < DEEP_LEVELS; i++) value = wrap(value);
  return value;
}

function cyclicCauses(): Error {
  const first = new Error('first', { cause: undefined });
  const second = new Error('second', { cause: first });
  first.cause = second;
  return first;
}

function manyKeys(): Record<string, number> {
  const object: Record<string, number> = {};
  for (let i = 0; i < MANY_KEYS; i++) object[`key${i}`] = i;
  return object;
}

class Account {
  #secret = 'private field';
  constructor(readonly id: number) {}
  get label(): string {
    return `account ${this.id} ${this.#secret.length}`;
  }
}

function* counter() {
  yield 1;
  yield 2;
}

/** At least thirty values that break naive serializers, loggers or setters. */
export const HOSTILE_VALUES: HostileValue[] = [
  { name: 'self cycle', make: () => {
    const node: Record<string, unknown> = { name: 'node' };
    node.self = node;
    return node;
  } },
  { name: 'ORM-like cycle through an array', make: () => {
    const app: Record<string, unknown> = { name: 'app' };
    app.envs = [{ name: 'prod', app }];
    return app;
  } },
  { name: 'shared reference', make: () => {
    const shared = { id: 7 };
    return { a: shared, b: shared, list: [shared, shared] };
  } },
  { name: 'BigInt', make: () => 12345678901234567890n },
  { name: 'BigInt in an object', make: () => ({ big: -(2n ** 70n), boxed: Object(5n) }) },
  { name: 'Error with a cause chain', make: () =>
    new Error('outer', { cause: new TypeError('inner', { cause: 'root cause' }) }) },
  { name: 'Error with cyclic causes', make: cyclicCauses },
  { name: 'AggregateError', make: () => new AggregateError([new Error('a'), 42], 'many') },
  { name: 'Error whose message getter throws', make: () => {
    const error = new Error('hidden');
    Object.defineProperty(error, 'message', { get() {
      throw new Error('message getter');
    } });
    return error;
  } },
  { name: 'Uint8Array of 2 MB', binaryBytes: 2 * MB, make: () => new Uint8Array(2 * MB) },
  { name: 'Buffer of 1 MB', binaryBytes: MB, make: () => Buffer.alloc(MB, 1) },
  { name: 'small Buffer', binaryBytes: 16, make: () => Buffer.from('0123456789abcdef') },
  { name: 'Float64Array', binaryBytes: 8 * 1024,
    make: () => new Float64Array(1024).fill(Math.PI) },
  { name: 'ArrayBuffer of 1 MB', binaryBytes: MB, make: () => new ArrayBuffer(MB) },
  { name: 'DataView', binaryBytes: 64, make: () => new DataView(new ArrayBuffer(64)) },
  { name: 'Map with object and string keys', make: () =>
    new Map<unknown, unknown>([['k', 'v'], [{ id: 1 }, [1, 2]], [Symbol('s'), null]]) },
  { name: 'Set of mixed values', make: () => new Set([1, 'two', { three: 3 }, 4n]) },
  { name: 'Symbol', make: () => Symbol('hostile') },
  { name: 'object with Symbol keys', make: () => ({ [Symbol('key')]: 1, visible: true }) },
  { name: 'function', make: () => function namedFunction() {} },
  { name: 'class', make: () => Account },
  { name: 'getter that throws', make: () => ({ ok: 1, get broken() {
    throw new Error('getter');
  } }) },
  { name: 'toJSON that throws', make: () => ({ toJSON() {
    throw new Error('toJSON');
  } }) },
  { name: 'toJSON that returns a cycle', make: () => {
    const loop: Record<string, unknown> = {};
    loop.loop = loop;
    return { toJSON: () => loop };
  } },
  { name: 'Proxy that throws on every trap', make: () => new Proxy({}, throwingHandler()) },
  { name: 'function Proxy that throws on every trap', make: () =>
    new Proxy(function target() {}, throwingHandler()) },
  { name: 'revoked Proxy', make: () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  } },
  { name: 'frozen object', make: () => Object.freeze({ frozen: Object.freeze([1, 2]) }) },
  { name: 'null-prototype object', make: () => Object.assign(Object.create(null), { a: 1 }) },
  { name: 'class instance with private fields', make: () => new Account(3) },
  { name: 'string with lone surrogates', make: () => `a\ud800b\udfffc${'\ud83d'}` },
  { name: 'emoji cut across a pair', make: () => '🙂'.repeat(40_000).slice(0, 50_001) },
  { name: 'NaN', make: () => Number.NaN },
  { name: 'Infinity', make: () => Number.POSITIVE_INFINITY },
  { name: '-Infinity', make: () => Number.NEGATIVE_INFINITY },
  { name: '-0', make: () => -0 },
  { name: '10,000-deep object', make: () => deeplyNested((inner) => ({ inner })) },
  { name: '10,000-deep array', make: () => deeplyNested((inner) => [inner]) },
  { name: 'string of 5 MB', make: () => 'x'.repeat(5 * MB) },
  { name: 'sparse array of a million slots', make: () => {
    const sparse: unknown[] = new Array(1_000_000);
    sparse[3] = 'three';
    sparse[999_999] = 'last';
    return sparse;
  } },
  { name: 'object with 100k keys', make: manyKeys },
  { name: 'invalid Date', make: () => new Date(Number.NaN) },
  { name: 'RegExp', make: () => /hostile[a-z]+/giu },
  { name: 'WeakMap and WeakSet', make: () => ({ map: new WeakMap(), set: new WeakSet() }) },
  { name: 'pending Promise', make: () => new Promise(() => undefined) },
  { name: 'generator', make: () => counter() },
  { name: 'String, Number and Boolean objects', make: () =>
    [Object('text'), Object(4), Object(false)] },
  { name: 'String object alone', make: () => Object('boxed') },
  { name: 'object whose conversions throw', make: () => ({
    toString() {
      throw new Error('toString');
    },
    valueOf() {
      throw new Error('valueOf');
    },
    [Symbol.toPrimitive]() {
      throw new Error('toPrimitive');
    },
  }) },
  { name: '__proto__ as an own key', make: () => JSON.parse('{"__proto__":{"polluted":1}}') },
  { name: 'key of 1 MB', make: () => ({ ['k'.repeat(MB)]: 'value' }) },
  { name: 'URL with three thousand secret parameters', make: () =>
    `https://api.example.test/v1?${'sig=a&'.repeat(3000)}` },
  { name: 'undefined', make: () => undefined },
  { name: 'null', make: () => null },
];
