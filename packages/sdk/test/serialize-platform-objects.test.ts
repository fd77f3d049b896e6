/**
 * Objects whose data lives behind methods or an iterator rather than own
 * keys are captured with what they hold, never as `{}`, and never throw.
 */
import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED, type Redactor } from '../src/core/redact.js';
import { sanitize, toContent, TRUNCATED } from '../src/core/serialize.js';

const redactor = createRedactor() as Redactor;

describe('web platform objects as captured values', () => {
  it.each([
    ['Headers', () => new Headers({ accept: 'application/json' }),
      'application/json'],
    ['URLSearchParams', () => new URLSearchParams('q=weather&city=Lima'), 'Lima'],
    ['FormData', () => {
      const f = new FormData();
      f.set('city', 'Lima');
      return f;
    }, 'Lima'],
  ])('%s keeps its entries (not "{}")', (_, make, expected) => {
    expect(toContent(make())).toContain(expected);
  });

  it('gives Headers, URLSearchParams and FormData as objects of their entries', () => {
    const form = new FormData();
    form.set('city', 'Lima');
    expect(sanitize({
      headers: new Headers({ accept: 'application/json' }),
      query: new URLSearchParams('q=weather&city=Lima'),
      form,
    })).toEqual({
      headers: { accept: 'application/json' },
      query: { q: 'weather', city: 'Lima' },
      form: { city: 'Lima' },
    });
  });

  it('gives repeated names as pairs, so no value is lost', () => {
    expect(sanitize(new URLSearchParams('tag=a&tag=b'))).toEqual([
      ['tag', 'a'], ['tag', 'b']]);
  });

  it('redacts secret header names as it does the keys of plain objects', () => {
    const headers = new Headers({ authorization: 'Bearer sk-live-123',
      accept: 'text/plain' });
    expect(sanitize(headers, { redactor })).toEqual({
      authorization: REDACTED, accept: 'text/plain' });
    const pairs = new Headers([['set-cookie', 'a=secret1'], ['set-cookie', 'b=secret2'],
      ['x-api-key', 'k-999']]);
    const text = toContent(pairs, { redactor }) as string;
    expect(text).not.toContain('k-999');
    expect(text).toContain(REDACTED);
  });

  it('gives a URL as its text, redacted like any text', () => {
    expect(sanitize(new URL('https://api.example.com/v1?city=Lima'))).toBe(
      'https://api.example.com/v1?city=Lima');
    const url = new URL('https://api.example.com/v1?key=abc123');
    const out = toContent(url, { redactor });
    expect(out).not.toContain('abc123');
  });

  it('gives Blob and File as a placeholder with type and size', () => {
    expect(sanitize(new Blob(['hello'], { type: 'text/plain' }))).toBe(
      '[Blob text/plain 5 bytes]');
    expect(sanitize(new File(['abc'], 'a.png', { type: 'image/png' }))).toBe(
      '[File image/png 3 bytes]');
    expect(sanitize(new Blob([]))).toBe('[Blob untyped 0 bytes]');
  });

  it('gives Request and Response by method, url, status and headers, body unread',
    () => {
    const request = new Request('https://api.example.com/chat', {
      method: 'POST', body: 'prompt', headers: { authorization: 'Bearer sk-1' } });
    expect(sanitize(request, { redactor })).toEqual({ method: 'POST',
      url: 'https://api.example.com/chat', headers: { authorization: REDACTED,
        'content-type': 'text/plain;charset=UTF-8' } });
    const response = new Response('answer', { status: 201,
      headers: { 'content-type': 'text/plain' } });
    expect(sanitize(response)).toEqual({ status: 201, url: '',
      headers: { 'content-type': 'text/plain' } });
    expect(request.bodyUsed || response.bodyUsed).toBe(false);
  });

  it('marks Promise, WeakMap, WeakSet and AbortSignal by their type', () => {
    const aborted = AbortSignal.abort();
    expect(sanitize([Promise.resolve(1), new WeakMap(), new WeakSet(),
      new AbortController().signal, aborted])).toEqual(['[Promise]', '[WeakMap]',
      '[WeakSet]', '[AbortSignal]', '[AbortSignal aborted]']);
  });

  it('marks any other object with nothing in own keys by its type, not "{}"', () => {
    function* steps() { yield 1; }
    const generator = steps();
    expect(sanitize([generator, new ReadableStream(), new WeakRef({})])).toEqual([
      '[Generator]', '[ReadableStream]', '[WeakRef]']);
    // Read without being run: the generator still yields its first value.
    expect(generator.next().value).toBe(1);
    expect(sanitize([{}, new (class Empty {})()])).toEqual([{}, {}]);
  });

  it('keeps Map and Set subclasses, ArrayBuffer and DataView as before', () => {
    class Registry extends Map<string, number> {}
    class Tags extends Set<string> {}
    expect(sanitize({ map: new Registry([['a', 1]]), set: new Tags(['x']) })).toEqual({
      map: { a: 1 }, set: ['x'] });
    expect(sanitize(new DataView(new ArrayBuffer(2)))).toEqual({
      type: 'DataView', base64: 'AAA=', bytes: 2 });
    expect(sanitize(new ArrayBuffer(1))).toEqual({
      type: 'ArrayBuffer', base64: 'AA==', bytes: 1 });
  });

  it('keeps within maxKeys, counting the entries left out', () => {
    const query = new URLSearchParams();
    for (let i = 0; i < 30; i++) query.append(`k${i}`, String(i));
    const out = sanitize(query, { limits: { maxKeys: 5 } }) as Record<string, unknown>;
    expect(Object.keys(out)).toHaveLength(6);
    expect(out[TRUNCATED]).toBe('25 more keys');
  });

  it('walks an object that only borrows the tag as the object it is', () => {
    const fake = { [Symbol.toStringTag]: 'Headers', a: 1 };
    expect(sanitize(fake)).toEqual({ a: 1 });
    const hostile = { [Symbol.toStringTag]: 'Headers',
      entries() { throw new Error('no'); } };
    expect(toContent(hostile)).toBe('"[Unserializable: no]"');
  });
});
