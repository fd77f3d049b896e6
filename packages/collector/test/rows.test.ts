/**
 * Text that SQLite's UTF-8 cannot hold as is, and metadata keys that look
 * like prototype names, through a store write and read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EventStore } from '../src/store.js';
import { makeEvent } from './fixtures.js';

let store: EventStore;
afterEach(() => store?.close());

describe('stored text', () => {
  it('keeps a lone surrogate as one U+FFFD in columns, and exactly in metadata', () => {
    store = new EventStore(':memory:');
    const event = makeEvent({
      input: 'a\ud800c', output: '\udc00', name: 'ok \ud83d\ude00',
      metadata: { note: 'x\ud800y' },
    });

    store.insert([event]);
    const [stored] = store.getTrace(event.traceId)!;

    expect(stored!.input).toBe('a\ufffdc');
    expect(stored!.output).toBe('\ufffd');
    expect(stored!.name).toBe('ok \ud83d\ude00');
    expect(stored!.metadata).toEqual({ note: 'x\ud800y' });
  });

  it('reads __proto__, constructor and prototype back as own data keys', () => {
    store = new EventStore(':memory:');
    const metadata = JSON.parse('{"__proto__":{"polluted":true},"constructor":"C"}');
    const event = makeEvent({ metadata });

    store.insert([event]);
    const read = store.getTrace(event.traceId)![0]!.metadata!;

    expect(Object.keys(read)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect((read as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
