/**
 * The wire schema's checks on timestamps and metadata, which the collector
 * relies on to refuse one bad event rather than fail a whole batch.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_METADATA_DEPTH,
  validateEvent,
  type WireEvent,
} from '../src/core/schema.js';

const base: WireEvent = {
  eventId: 'ev_000000000000000001',
  traceId: '0'.repeat(31) + '1',
  spanId: '0'.repeat(15) + '1',
  parentSpanId: null,
  type: 'model_call',
  name: 'chat',
  status: 'success',
  startTime: '2025-01-01T12:00:00.000Z',
  endTime: '2025-01-01T12:00:00.100Z',
  latencyMs: 100,
};

/** An object `depth` levels deep, counting itself as 1. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let level = 1; level < depth; level++) value = { child: value };
  return value;
}

describe('timestamps', () => {
  it.each([
    '2025-13-01T00:00:00.000Z',
    '2025-02-29T00:00:00.000Z',
    '2025-01-01T24:00:00.000Z',
    '2025-01-01T12:60:00.000Z',
    '2025-13-45T99:99:99.999Z',
  ])('refuses %s, which matches the pattern but is no real time', (time) => {
    const result = validateEvent({ ...base, startTime: time });
    expect(result).toEqual({ ok: false, reason: 'startTime: not a real date and time' });
  });

  it('accepts a leap day and the last millisecond of a year', () => {
    const result = validateEvent({
      ...base,
      startTime: '2024-02-29T00:00:00.000Z',
      endTime: '2024-12-31T23:59:59.999Z',
    });
    expect(result.ok).toBe(true);
  });
});

describe('metadata', () => {
  it('keeps __proto__, constructor and prototype as own keys of the object', () => {
    const text = '{"__proto__":{"x":1},"constructor":"C","prototype":"P"}';
    const metadata = JSON.parse(text);
    const result = validateEvent({ ...base, metadata });

    expect(result.ok && result.event.metadata).toBe(metadata);
    expect(Object.keys(metadata)).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it(`accepts nesting ${MAX_METADATA_DEPTH} levels deep and refuses one more`, () => {
    const deepest = validateEvent({ ...base, metadata: nested(MAX_METADATA_DEPTH) });
    const deeper = validateEvent({ ...base, metadata: nested(MAX_METADATA_DEPTH + 1) });
    expect(deepest.ok).toBe(true);
    expect(deeper.ok).toBe(false);
  });

  it('counts arrays as levels and survives 100,000 of them', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    const result = validateEvent({ ...base, metadata: { deep } });
    const reason = `metadata: an object nested at most ${MAX_METADATA_DEPTH} levels deep`;
    expect(result).toEqual({ ok: false, reason });
  });

  it.each([['an array', [1]], ['a string', 'text'], ['a number', 3]])(
    'refuses %s', (_, metadata) => {
      expect(validateEvent({ ...base, metadata }).ok).toBe(false);
    });

  it('accepts null and an absent field', () => {
    expect(validateEvent({ ...base, metadata: null }).ok).toBe(true);
    expect(validateEvent(base).ok).toBe(true);
  });
});
