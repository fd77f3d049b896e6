/**
 * `POST /v1/traces`: OTLP/HTTP trace export, so that any OpenTelemetry
 * SDK or Collector can send spans here. JSON (`application/json`) and
 * protobuf (`application/x-protobuf`) bodies are read, plain or gzipped;
 * the answer uses the request's encoding. Spans become wire events (see
 * `otlp/span-to-event.ts`), each validated with the shared schema, and are
 * stored beside the native ones. Keys, rate limits and size limits are
 * those of `POST /v1/events`.
 *
 * Limitation: 401, 413 from the body size and 429 are answered by the
 * router as JSON even to a protobuf sender. OTLP exporters act on the
 * status code alone, so only the logged message is less readable.
 */
import { gunzipSync } from 'node:zlib';
import type { ServerResponse } from 'node:http';
import { BASE_HEADERS, HttpError, mediaTypeOf, readBody, sendJson } from '../http.js';
import type { RouteHandler } from '../context.js';
import { decodeTraceRequest, encodeRpcStatus, encodeTraceResponse } from '../otlp/proto.js';
import { countSpans, mapTraceRequest } from '../otlp/trace-request.js';
import { isObject } from '../otlp/values.js';

const JSON_TYPE = 'application/json';
const PROTOBUF_TYPE = 'application/x-protobuf';

/** Answers `POST /v1/traces`. */
export const handleOtlpTraces: RouteHandler = async (req, res, ctx) => {
  const mediaType = mediaTypeOf(req);
  if (mediaType !== JSON_TYPE && mediaType !== PROTOBUF_TYPE) {
    throw new HttpError(415, `content-type must be ${JSON_TYPE} or ${PROTOBUF_TYPE}, ` +
      `got ${mediaType || 'none'}`);
  }
  const protobuf = mediaType === PROTOBUF_TYPE;
  try {
    const raw = await readBody(req, ctx.maxBodyBytes);
    const body = parse(inflate(raw, req.headers['content-encoding'], ctx.maxBodyBytes),
      protobuf);
    const spans = countSpans(body);
    if (spans > ctx.maxEventsPerBatch) {
      throw new HttpError(413, `request holds ${spans} spans; the limit is ` +
        `${ctx.maxEventsPerBatch}`);
    }

    const { events, rejectedSpans, errorMessage } = mapTraceRequest(body);
    const stored = await ctx.store.write(events);
    ctx.log.debug('ingest', `OTLP request of ${spans} spans: ${stored} stored, ` +
      `${events.length - stored} duplicates, ${rejectedSpans} rejected` +
      (errorMessage ? ` (${errorMessage})` : ''));
    if (protobuf) sendProtobuf(res, 200, encodeTraceResponse(rejectedSpans, errorMessage));
    else sendJson(res, 200, rejectedSpans > 0
      ? { partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } }
      : {});
  } catch (error) {
    // OTLP/HTTP asks for a protobuf Status body when the request was protobuf.
    if (!protobuf || !(error instanceof HttpError) || res.headersSent) throw error;
    sendProtobuf(res, error.status, encodeRpcStatus(error.message), error.headers);
  }
};

/** Gunzips a body, refusing one that inflates past the byte limit. */
function inflate(body: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  if (name === 'identity' || name === '') return body;
  if (name !== 'gzip') {
    throw new HttpError(415, `content-encoding ${name} is not supported`);
  }
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HttpError(413, `inflated body is over the limit of ${maxBytes} bytes`);
    }
    throw new HttpError(400, 'body is not valid gzip');
  }
}

function parse(body: Buffer, protobuf: boolean): Record<string, unknown> {
  let value: unknown;
  try {
    value = protobuf ? decodeTraceRequest(body) : JSON.parse(body.toString('utf8'));
  } catch (error) {
    const format = protobuf ? 'an OTLP protobuf message' : 'valid JSON';
    throw new HttpError(400, `body is not ${format}: ${(error as Error).message}`);
  }
  if (!isObject(value) || (value.resourceSpans !== undefined &&
    !Array.isArray(value.resourceSpans))) {
    throw new HttpError(400, 'not an OTLP trace export: resourceSpans must be an array');
  }
  return value;
}

function sendProtobuf(
  res: ServerResponse,
  status: number,
  body: Uint8Array,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...BASE_HEADERS,
    'content-type': PROTOBUF_TYPE,
    'content-length': String(body.byteLength),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
}
