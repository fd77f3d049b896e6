/**
 * The OTLP transport in protobuf: the same trace export request as the
 * JSON transport builds (`toOtlpTraceRequest`), encoded as
 * `application/x-protobuf`. Kept out of `@robotforge/sdk/otlp` so that
 * protobufjs only reaches the bundles of apps that ask for it.
 */
import { TraceRequestMessage, TraceResponseMessage } from './otlp-proto-schema.js';
import type {
  OtlpAnyValue,
  OtlpKeyValue,
  OtlpTraceRequest,
} from './otlp-attributes.js';
import {
  otlpTracesUrl,
  partialSuccessOf,
  toOtlpTraceRequest,
  type OtlpTransportOptions,
} from './otlp.js';
import { classifyResponse, postBatch } from './response.js';
import type { SendOptions, Transport, TransportResult } from './types.js';
import type { WireBatch } from '../core/schema.js';

/** A 64-bit integer as the two 32-bit words protobufjs writes without long.js. */
interface Int64Words {
  low: number;
  high: number;
  unsigned: boolean;
}

/**
 * protobufjs turns a decimal string into 64 bits through long.js when it
 * can load it and through a lossy `parseInt` when it cannot; nanosecond
 * times pass 2^53, so the words are computed here, alike in every runtime.
 */
function int64(decimal: string): Int64Words {
  const bits = BigInt.asUintN(64, BigInt(decimal));
  return { low: Number(bits & 0xffff_ffffn), high: Number(bits >> 32n), unsigned: true };
}

function hexBytes(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) throw new SyntaxError(`not a hex id: ${hex}`);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  }
  return bytes;
}

function protoValue(value: OtlpAnyValue): Record<string, unknown> {
  if (value.intValue !== undefined) return { intValue: int64(value.intValue) };
  if (value.arrayValue) {
    return { arrayValue: { values: value.arrayValue.values.map(protoValue) } };
  }
  return { ...value };
}

const protoAttributes = (list: OtlpKeyValue[]) =>
  list.map(({ key, value }) => ({ key, value: protoValue(value) }));

/**
 * Encodes an OTLP trace export request (as {@link toOtlpTraceRequest}
 * builds it) into the protobuf bytes of `ExportTraceServiceRequest`.
 *
 * @example
 * ```ts
 * const bytes = encodeOtlpTraceRequest(toOtlpTraceRequest(batch));
 * ```
 * @throws SyntaxError when an id is not hex or a 64-bit field not a decimal integer.
 */
export function encodeOtlpTraceRequest(request: OtlpTraceRequest): Uint8Array {
  const resourceSpans = request.resourceSpans.map(({ resource, scopeSpans }) => ({
    resource: { attributes: protoAttributes(resource.attributes) },
    scopeSpans: scopeSpans.map(({ scope, spans }) => ({
      scope,
      spans: spans.map((span) => ({
        ...span,
        traceId: hexBytes(span.traceId),
        spanId: hexBytes(span.spanId),
        parentSpanId: span.parentSpanId ? hexBytes(span.parentSpanId) : undefined,
        startTimeUnixNano: int64(span.startTimeUnixNano),
        endTimeUnixNano: int64(span.endTimeUnixNano),
        attributes: protoAttributes(span.attributes),
        events: span.events.map((event) => ({
          ...event,
          timeUnixNano: int64(event.timeUnixNano),
          attributes: protoAttributes(event.attributes),
        })),
      })),
    })),
  }));
  // Copied so that every runtime gets a plain Uint8Array: in Node,
  // protobufjs writes into a Buffer that may be a slice of a shared pool.
  return new Uint8Array(TraceRequestMessage.encode({ resourceSpans }).finish());
}

/**
 * Creates a transport that exports batches as OTLP/HTTP protobuf, with
 * the options, answers and partial success handling of
 * `createOtlpTransport` from `@robotforge/sdk/otlp`.
 *
 * @example
 * ```ts
 * import { createOtlpProtoTransport } from '@robotforge/sdk/otlp-proto';
 *
 * const client = new TelemetryClient({
 *   transport: createOtlpProtoTransport({ endpoint: 'http://localhost:4318',
 *     serviceName: 'support-bot' }),
 * });
 * ```
 * @throws TelemetryConfigError when `endpoint` is not an http(s) URL
 *   without user info, query or fragment.
 */
export function createOtlpProtoTransport(options: OtlpTransportOptions): Transport {
  const url = otlpTracesUrl(options?.endpoint);
  const headers = { 'content-type': 'application/x-protobuf', ...options.headers };

  return {
    async send(batch: WireBatch, sendOptions?: SendOptions): Promise<TransportResult> {
      let body: BodyInit;
      try {
        // The bytes own a plain ArrayBuffer, which fetch takes; the cast only
        // narrows the return type, left generic-free for TypeScript before 5.7.
        body = encodeOtlpTraceRequest(toOtlpTraceRequest(batch, options)) as BodyInit;
      } catch (error) {
        const reason = `not encodable: ${String(error)}`;
        return { kind: 'failed', reason, code: 'encode' };
      }
      return postBatch(url, { body, headers }, options, sendOptions, async (response) => {
        const answer = new Uint8Array(await response.arrayBuffer());
        // The body is no RobotForge answer, so only the status and headers count.
        const result = classifyResponse(response.status, response.headers, '');
        if (result.kind !== 'sent') return result;
        const contentType = response.headers.get('content-type');
        return partialSuccessOf(answerAsJson(contentType, answer), batch.events.length);
      });
    },
  };
}

/**
 * A 2xx answer in its OTLP/JSON form, so that its partial success is
 * counted by the JSON transport's rule. Receivers answer in the request's
 * encoding, but one that answers JSON anyway is read as JSON.
 */
function answerAsJson(contentType: string | null, answer: Uint8Array): string {
  if (answer.length === 0) return '';
  if (/json/i.test(contentType ?? '')) return new TextDecoder().decode(answer);
  try {
    const message = TraceResponseMessage.decode(answer);
    return JSON.stringify(TraceResponseMessage.toObject(message, { longs: String }));
  } catch {
    // Not an ExportTraceServiceResponse: a 2xx still means accepted.
    return '';
  }
}
