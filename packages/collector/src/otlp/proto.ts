/**
 * OTLP/HTTP protobuf: the trace export messages as a protobufjs schema,
 * written from the field numbers of opentelemetry-proto, with decoding
 * into the same shape as OTLP/JSON and encoding of the answers.
 *
 * Only the fields the collector reads are declared; protobuf skips the
 * others (links, dropped counts, schema URLs), as any reader may.
 */
import protobuf from 'protobufjs/light.js';

const repeated = (type: string, id: number) => ({ rule: 'repeated', type, id });
const field = (type: string, id: number) => ({ type, id });

const SCHEMA = {
  nested: {
    otlp: {
      nested: {
        ExportTraceServiceRequest: {
          fields: { resourceSpans: repeated('ResourceSpans', 1) },
        },
        ExportTraceServiceResponse: {
          fields: { partialSuccess: field('PartialSuccess', 1) },
        },
        PartialSuccess: {
          fields: { rejectedSpans: field('int64', 1), errorMessage: field('string', 2) },
        },
        ResourceSpans: {
          fields: { resource: field('Resource', 1), scopeSpans: repeated('ScopeSpans', 2) },
        },
        Resource: { fields: { attributes: repeated('KeyValue', 1) } },
        ScopeSpans: {
          fields: { scope: field('InstrumentationScope', 1), spans: repeated('Span', 2) },
        },
        InstrumentationScope: {
          fields: { name: field('string', 1), version: field('string', 2) },
        },
        Span: {
          fields: {
            traceId: field('bytes', 1),
            spanId: field('bytes', 2),
            traceState: field('string', 3),
            parentSpanId: field('bytes', 4),
            name: field('string', 5),
            kind: field('int32', 6),
            startTimeUnixNano: field('fixed64', 7),
            endTimeUnixNano: field('fixed64', 8),
            attributes: repeated('KeyValue', 9),
            events: repeated('Event', 11),
            status: field('Status', 15),
            flags: field('fixed32', 16),
          },
        },
        Event: {
          fields: {
            timeUnixNano: field('fixed64', 1),
            name: field('string', 2),
            attributes: repeated('KeyValue', 3),
          },
        },
        Status: { fields: { message: field('string', 2), code: field('int32', 3) } },
        KeyValue: { fields: { key: field('string', 1), value: field('AnyValue', 2) } },
        AnyValue: {
          oneofs: {
            value: {
              oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue',
                'kvlistValue', 'bytesValue'],
            },
          },
          fields: {
            stringValue: field('string', 1),
            boolValue: field('bool', 2),
            intValue: field('int64', 3),
            doubleValue: field('double', 4),
            arrayValue: field('ArrayValue', 5),
            kvlistValue: field('KeyValueList', 6),
            bytesValue: field('bytes', 7),
          },
        },
        ArrayValue: { fields: { values: repeated('AnyValue', 1) } },
        KeyValueList: { fields: { values: repeated('KeyValue', 1) } },
        // google.rpc.Status, the body of OTLP/HTTP error answers.
        RpcStatus: { fields: { code: field('int32', 1), message: field('string', 2) } },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(SCHEMA);
const RequestType = root.lookupType('otlp.ExportTraceServiceRequest');
const ResponseType = root.lookupType('otlp.ExportTraceServiceResponse');
const RpcStatusType = root.lookupType('otlp.RpcStatus');

/** gRPC code of google.rpc.Status for a refused request. */
const RPC_INVALID_ARGUMENT = 3;

/**
 * Decodes an `ExportTraceServiceRequest` into the OTLP/JSON shape, except
 * that ids arrive as base64 (the mapping accepts both).
 * @throws Error when the bytes are not a valid message.
 */
export function decodeTraceRequest(body: Uint8Array): unknown {
  const message = RequestType.decode(body);
  return RequestType.toObject(message, {
    longs: String,
    bytes: String,
    enums: Number,
    oneofs: false,
    defaults: false,
  });
}

/** Encodes an `ExportTraceServiceResponse`; no partial success when nothing was refused. */
export function encodeTraceResponse(
  rejectedSpans: number,
  errorMessage: string,
): Uint8Array {
  const body = rejectedSpans > 0
    ? { partialSuccess: { rejectedSpans, errorMessage } }
    : {};
  return ResponseType.encode(ResponseType.fromObject(body)).finish();
}

/** Encodes the `google.rpc.Status` of an error answer. */
export function encodeRpcStatus(message: string): Uint8Array {
  const status = { code: RPC_INVALID_ARGUMENT, message };
  return RpcStatusType.encode(RpcStatusType.fromObject(status)).finish();
}
