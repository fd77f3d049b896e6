/** Helpers for the OTLP tests: a client that keeps its batches, and attribute reading. */
import { TelemetryClient } from '../../src/runtimes/node.js';
import type { WireBatch } from '../../src/core/schema.js';
import type { OtlpAnyValue, OtlpKeyValue } from '../../src/transports/otlp-attributes.js';
import type { Transport } from '../../src/transports/types.js';

/** A client whose transport only records the batches it is given. */
export function recordingClient(options: Record<string, unknown> = {}) {
  const batches: WireBatch[] = [];
  const transport: Transport = {
    send: async (batch) => {
      batches.push(batch);
      return { kind: 'sent' };
    },
  };
  const client = new TelemetryClient({
    transport, flushInterval: 60_000, batchSize: 100, sessionId: 'sess-1', ...options,
  });
  return { client, batches, events: () => batches.flatMap((b) => b.events) };
}

/** An attribute value as plain JS: ints as numbers, arrays as arrays. */
export function plain(value: OtlpAnyValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  return value.arrayValue?.values.map(plain);
}

/** An attribute list as an object keyed by attribute name. */
export function attributesOf(list: OtlpKeyValue[]): Record<string, unknown> {
  return Object.fromEntries(list.map(({ key, value }) => [key, plain(value)]));
}
