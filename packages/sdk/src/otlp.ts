/**
 * `@robotforge/sdk/otlp`: OpenTelemetry export. A transport that sends
 * batches as OTLP/HTTP JSON spans following the GenAI semantic
 * conventions, a tee to send them there beside RobotForge, and the
 * mapping itself for tools that want the spans without sending them.
 */
export { createOtlpTransport, toOtlpTraceRequest, DEFAULT_SERVICE_NAME } from
  './transports/otlp.js';
export type { OtlpTransportOptions, OtlpRequestOptions } from './transports/otlp.js';
export { toOtlpSpan, modelOperation, providerName } from './transports/otlp-mapping.js';
export { toInputMessages, toOutputMessages } from './transports/otlp-messages.js';
export type { ConventionMessage, MessagePart } from './transports/otlp-messages.js';
export { teeTransport } from './transports/tee.js';
export type { TeeOptions } from './transports/tee.js';
export { SPAN_KIND, STATUS_CODE } from './transports/otlp-attributes.js';
export type {
  AttributeInput,
  OtlpAnyValue,
  OtlpKeyValue,
  OtlpSpan,
  OtlpSpanEvent,
  OtlpTraceRequest,
} from './transports/otlp-attributes.js';
