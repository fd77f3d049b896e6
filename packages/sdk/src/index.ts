/**
 * What every runtime entry exports besides its own `TelemetryClient`.
 */
export { TelemetryConfigError } from './core/config.js';
export type { TelemetryOptions, TelemetryErrorInfo } from './core/config.js';
export type { FlushResult, DeliveryStats } from './core/delivery.js';
export type { SpanParent, CommonSpanOptions } from './core/client.js';
export type {
  ModelCallOptions,
  ToolExecutionOptions,
  AgentOptions,
  TracingDecorator,
} from './core/telemetry.js';
export { Span } from './core/span.js';
export type { TokenCounts } from './core/span.js';
export { ModelCallSpan, ToolExecutionSpan, AgentSpan } from './core/kinds.js';
export type {
  ModelCallEventBuilder,
  ToolExecutionEventBuilder,
  EventBuilder,
} from './core/kinds.js';
export type { Transport, TransportResult, SendOptions } from './transports/types.js';
export { createFetchTransport } from './transports/fetch.js';
export type { FetchTransportOptions } from './transports/fetch.js';
export type { RedactOptions } from './core/redact.js';
export type { WireEvent, WireBatch, BatchResponse } from './core/schema.js';
export { SDK_NAME, SDK_VERSION } from './core/version.js';
export { traceparentOf, injectTraceContext } from './core/trace-context.js';
export { extractTraceContext, parseTraceparent } from './core/trace-context.js';
export type { RemoteSpanParent, HeaderSource, HeaderTarget } from './core/trace-context.js';
