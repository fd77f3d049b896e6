/**
 * Helpers for the OTLP protobuf tests: reading export requests back with
 * the SDK's schema, and the bytes the official OpenTelemetry serializer
 * writes for a span.
 */
import { context, trace, type HrTime } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { TraceRequestMessage } from '../../src/transports/otlp-proto-schema.js';
import type { OtlpSpan } from '../../src/transports/otlp-attributes.js';
import { attributesOf, plain } from './helpers.js';

/**
 * An `ExportTraceServiceRequest` as a plain object: 64-bit integers as
 * decimal strings, so that nothing is rounded, and bytes as hex.
 */
export function decodeRequest(bytes: Uint8Array): Record<string, any> {
  const message = TraceRequestMessage.decode(bytes);
  const object = TraceRequestMessage.toObject(message, {
    longs: String, bytes: Array, enums: Number, defaults: true,
  });
  const hex = (key: string, value: unknown) => key.endsWith('Id') && Array.isArray(value)
    ? Buffer.from(value).toString('hex') : value;
  return JSON.parse(JSON.stringify(object, hex));
}

/** The first span of a decoded request. */
export const firstSpan = (request: Record<string, any>) =>
  request.resourceSpans[0].scopeSpans[0].spans[0];

const hrTime = (nanos: string): HrTime =>
  [Number(BigInt(nanos) / 1_000_000_000n), Number(BigInt(nanos) % 1_000_000_000n)];

/**
 * The same span made with `@opentelemetry/sdk-trace-base` and encoded by
 * `ProtobufTraceSerializer` from `@opentelemetry/otlp-transformer`.
 */
export function officialBytes(ours: OtlpSpan): Uint8Array {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    idGenerator: {
      generateTraceId: () => ours.traceId,
      generateSpanId: () => ours.spanId,
    },
  });
  const parent = ours.parentSpanId
    ? trace.setSpanContext(context.active(),
      { traceId: ours.traceId, spanId: ours.parentSpanId, traceFlags: 1 })
    : context.active();
  const attributes = Object.fromEntries(
    ours.attributes.map((a) => [a.key, plain(a.value)]));
  const span = provider.getTracer('t').startSpan(ours.name, {
    kind: ours.kind - 1,
    attributes: attributes as any,
    startTime: hrTime(ours.startTimeUnixNano),
  }, parent);
  for (const event of ours.events) {
    span.addEvent(event.name, attributesOf(event.attributes) as any,
      hrTime(event.timeUnixNano));
  }
  if (ours.status.code) span.setStatus(ours.status);
  span.end(hrTime(ours.endTimeUnixNano));
  return ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!;
}

/**
 * A decoded span with what only one side may differ on made alike: the
 * official SDK adds the "is remote known" bit (0x100) to `flags`, and
 * writes every whole number as an int where we keep a whole double
 * (`top_p: 1`) a double.
 */
export function comparable(span: Record<string, any>) {
  const isNumber = (value: any) =>
    value && typeof value === 'object' && ('intValue' in value || 'doubleValue' in value);
  return JSON.parse(JSON.stringify({ ...span, flags: span.flags & 0xff }, (_, value) =>
    isNumber(value) ? { number: Number(value.intValue ?? value.doubleValue) } : value));
}
