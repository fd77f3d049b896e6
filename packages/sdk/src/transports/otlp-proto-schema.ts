/**
 * The OTLP trace export messages as a protobufjs JSON descriptor, written
 * from the field numbers of opentelemetry-proto
 * (`collector/trace/v1/trace_service.proto`, `trace/v1/trace.proto`,
 * `common/v1/common.proto`, `resource/v1/resource.proto`).
 *
 * Only what the SDK writes or reads is declared. Protobuf readers skip
 * fields they do not know and writers may leave any field out, so links,
 * dropped counts and schema URLs can stay undeclared.
 */
import protobuf from 'protobufjs/light.js';

const one = (type: string, id: number) => ({ type, id });
const many = (type: string, id: number) => ({ rule: 'repeated', type, id });

const DESCRIPTOR = {
  nested: {
    otlp: {
      nested: {
        ExportTraceServiceRequest: {
          fields: { resourceSpans: many('ResourceSpans', 1) },
        },
        ExportTraceServiceResponse: {
          fields: { partialSuccess: one('ExportTracePartialSuccess', 1) },
        },
        ExportTracePartialSuccess: {
          fields: { rejectedSpans: one('int64', 1), errorMessage: one('string', 2) },
        },
        ResourceSpans: {
          fields: { resource: one('Resource', 1), scopeSpans: many('ScopeSpans', 2) },
        },
        Resource: { fields: { attributes: many('KeyValue', 1) } },
        ScopeSpans: {
          fields: { scope: one('InstrumentationScope', 1), spans: many('Span', 2) },
        },
        InstrumentationScope: {
          fields: { name: one('string', 1), version: one('string', 2) },
        },
        Span: {
          fields: {
            traceId: one('bytes', 1),
            spanId: one('bytes', 2),
            traceState: one('string', 3),
            parentSpanId: one('bytes', 4),
            name: one('string', 5),
            kind: one('SpanKind', 6),
            startTimeUnixNano: one('fixed64', 7),
            endTimeUnixNano: one('fixed64', 8),
            attributes: many('KeyValue', 9),
            events: many('SpanEvent', 11),
            status: one('Status', 15),
            flags: one('fixed32', 16),
          },
        },
        SpanKind: {
          values: { UNSPECIFIED: 0, INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4,
            CONSUMER: 5 },
        },
        SpanEvent: {
          fields: {
            timeUnixNano: one('fixed64', 1),
            name: one('string', 2),
            attributes: many('KeyValue', 3),
          },
        },
        Status: { fields: { message: one('string', 2), code: one('StatusCode', 3) } },
        StatusCode: { values: { UNSET: 0, OK: 1, ERROR: 2 } },
        KeyValue: { fields: { key: one('string', 1), value: one('AnyValue', 2) } },
        AnyValue: {
          oneofs: {
            value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue',
              'arrayValue', 'kvlistValue', 'bytesValue'] },
          },
          fields: {
            stringValue: one('string', 1),
            boolValue: one('bool', 2),
            intValue: one('int64', 3),
            doubleValue: one('double', 4),
            arrayValue: one('ArrayValue', 5),
            kvlistValue: one('KeyValueList', 6),
            bytesValue: one('bytes', 7),
          },
        },
        ArrayValue: { fields: { values: many('AnyValue', 1) } },
        KeyValueList: { fields: { values: many('KeyValue', 1) } },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(DESCRIPTOR);

/** `ExportTraceServiceRequest`, the body of `POST /v1/traces`. */
export const TraceRequestMessage = root.lookupType('otlp.ExportTraceServiceRequest');

/** `ExportTraceServiceResponse`, the body of a 2xx answer. */
export const TraceResponseMessage = root.lookupType('otlp.ExportTraceServiceResponse');
