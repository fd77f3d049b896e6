/**
 * `@robotforge/sdk/otlp-proto`: OpenTelemetry export as OTLP/HTTP
 * protobuf, for receivers that take only `application/x-protobuf`. The
 * spans are those of `@robotforge/sdk/otlp`; this entry adds the
 * encoding, and needs `protobufjs` (an optional peer dependency)
 * installed beside the SDK.
 */
export { createOtlpProtoTransport, encodeOtlpTraceRequest } from
  './transports/otlp-proto.js';
export type { OtlpTransportOptions } from './transports/otlp.js';
