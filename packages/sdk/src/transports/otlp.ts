/**
 * The OTLP transport: each batch of wire events leaves as one OTLP/HTTP
 * JSON trace export (`POST {endpoint}/v1/traces`), so that any
 * OpenTelemetry Collector or backend can receive RobotForge telemetry.
 * Answers are classified like the RobotForge endpoint's; OTLP's partial
 * success counts the rejected spans as failed.
 *
 * JSON here; protobuf lives in `@robotforge/sdk/otlp-proto`, which brings
 * its encoder (protobufjs) only to the apps that import it.
 */
import { classifyResponse, postBatch, withoutUrlSecrets } from './response.js';
import type { AttributeInput, OtlpTraceRequest, OtlpSpan } from './otlp-attributes.js';
import { AttributeList } from './otlp-attributes.js';
import { toOtlpSpan } from './otlp-mapping.js';
import type { SendOptions, Transport, TransportResult } from './types.js';
import type { WireBatch } from '../core/schema.js';
import { isEndpointUrl, TelemetryConfigError } from '../core/config.js';

/** `service.name` when neither the option nor the events' applicationId give one. */
export const DEFAULT_SERVICE_NAME = 'unknown_service';

/** Runtimes whose OpenTelemetry language is `nodejs`; the others are `webjs`. */
const SERVER_RUNTIMES = new Set(['node', 'bun', 'deno']);

/** Options of {@link createOtlpTransport}. */
export interface OtlpTransportOptions {
  /** Base URL of an OTLP/HTTP receiver; spans go to `{endpoint}/v1/traces`. */
  endpoint: string;
  /** Request headers, such as a backend's API key header. */
  headers?: Record<string, string>;
  /** `service.name`; by default each event's applicationId, else `unknown_service`. */
  serviceName?: string;
  /** More resource attributes (`deployment.environment.name`, …); they win over ours. */
  resourceAttributes?: Record<string, AttributeInput>;
  /** Replaces the global `fetch` (tests, custom agents). */
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

/** Options that shape the request body; see {@link OtlpTransportOptions}. */
export type OtlpRequestOptions =
  Pick<OtlpTransportOptions, 'serviceName' | 'resourceAttributes'>;

/**
 * Builds the OTLP/JSON body of one batch: one resource per service name,
 * one scope (`@robotforge/sdk`), one span per event.
 */
export function toOtlpTraceRequest(
  batch: WireBatch,
  options: OtlpRequestOptions = {},
): OtlpTraceRequest {
  const byService = new Map<string, OtlpSpan[]>();
  for (const event of batch.events) {
    const service = options.serviceName ?? event.applicationId ?? DEFAULT_SERVICE_NAME;
    const spans = byService.get(service) ?? [];
    spans.push(toOtlpSpan(event));
    byService.set(service, spans);
  }

  const scope = { name: batch.sdk.name, version: batch.sdk.version };
  return {
    resourceSpans: [...byService].map(([service, spans]) => ({
      resource: { attributes: resourceAttributes(batch, service, options) },
      scopeSpans: [{ scope, spans }],
    })),
  };
}

function resourceAttributes(
  batch: WireBatch,
  service: string,
  options: OtlpRequestOptions,
) {
  const language = SERVER_RUNTIMES.has(batch.sdk.runtime) ? 'nodejs' : 'webjs';
  const extra = options.resourceAttributes ?? {};
  const list = new AttributeList();
  const ours: Record<string, string> = {
    'service.name': service,
    'telemetry.sdk.name': batch.sdk.name,
    'telemetry.sdk.version': batch.sdk.version,
    'telemetry.sdk.language': language,
    'robotforge.runtime': batch.sdk.runtime,
  };
  for (const [key, value] of Object.entries(ours)) {
    if (!(key in extra)) list.put(key, value);
  }
  for (const [key, value] of Object.entries(extra)) list.put(key, value);
  return list.items;
}

/**
 * Creates a transport that exports batches as OTLP/HTTP JSON.
 *
 * @example
 * ```ts
 * const client = new TelemetryClient({
 *   transport: createOtlpTransport({ endpoint: 'http://localhost:4318',
 *     serviceName: 'support-bot' }),
 * });
 * ```
 * @throws TelemetryConfigError when `endpoint` is not an http(s) URL
 *   without user info, query or fragment.
 */
export function createOtlpTransport(options: OtlpTransportOptions): Transport {
  const url = otlpTracesUrl(options?.endpoint);
  const headers = { 'content-type': 'application/json', ...options.headers };

  return {
    async send(batch: WireBatch, sendOptions?: SendOptions): Promise<TransportResult> {
      let body: string;
      try {
        body = JSON.stringify(toOtlpTraceRequest(batch, options));
      } catch (error) {
        const reason = `not encodable: ${String(error)}`;
        return { kind: 'failed', reason, code: 'encode' };
      }
      return postBatch(url, { body, headers }, options, sendOptions, async (response) => {
        const text = await response.text();
        const result = classifyResponse(response.status, response.headers, text);
        if (result.kind !== 'sent') return result;
        return partialSuccessOf(text, batch.events.length);
      });
    },
  };
}

/**
 * `{endpoint}/v1/traces`, OTLP/HTTP's path for traces.
 * @throws TelemetryConfigError when `endpoint` is not an http(s) URL, or
 *   has user info (fetch refuses it), a query or fragment (the path could
 *   not be added after it).
 */
export function otlpTracesUrl(endpoint: unknown): string {
  if (!isHttpUrl(endpoint)) {
    const expected = 'an http(s) URL of an OTLP receiver';
    throw new TelemetryConfigError('endpoint', expected, shownEndpoint(endpoint));
  }
  if (!isEndpointUrl(endpoint)) {
    // fetch refuses a URL with user info; credentials go in `headers`.
    const expected = 'an http(s) URL without user info, query or fragment ' +
      '(/v1/traces is added to its path)';
    throw new TelemetryConfigError('endpoint', expected, shownEndpoint(endpoint));
  }
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

function isHttpUrl(value: unknown): value is string {
  try {
    return typeof value === 'string' && /^https?:\/\/./i.test(value) && !!new URL(value);
  } catch {
    return false;
  }
}

/**
 * An endpoint as an error may repeat it: user info, query and fragment
 * may hold credentials, and the error reaches logs.
 */
function shownEndpoint(endpoint: unknown): unknown {
  if (typeof endpoint !== 'string') return endpoint;
  const bare = withoutUrlSecrets(endpoint).replace(/[?#][\s\S]*/, '');
  // Not parsed as a URL (no scheme): what precedes an `@` may be user info.
  const at = bare.lastIndexOf('@');
  if (at < 0) return bare;
  const scheme = /^(?:[a-z][\w+.-]*:)?\/\//i.exec(bare)?.[0] ?? '';
  return scheme + bare.slice(at + 1);
}

/**
 * Reads OTLP's `{ partialSuccess: { rejectedSpans, errorMessage } }`. OTLP
 * does not say which spans were refused, so the rejected entries carry no
 * event id; delivery only counts them.
 */
export function partialSuccessOf(body: string, events: number): TransportResult {
  let rejectedSpans = 0;
  let errorMessage = '';
  try {
    const partial = body ? JSON.parse(body)?.partialSuccess : undefined;
    rejectedSpans = Math.min(events, Math.max(0, Number(partial?.rejectedSpans ?? 0) || 0));
    errorMessage = typeof partial?.errorMessage === 'string' ? partial.errorMessage : '';
  } catch {
    // Not JSON (an empty or protobuf answer): a 2xx still means accepted.
  }
  if (rejectedSpans === 0) return { kind: 'sent' };
  const reason = errorMessage || 'rejected by the OTLP receiver';
  const rejected = Array.from({ length: rejectedSpans }, () => ({ eventId: '', reason }));
  return { kind: 'sent', response: { accepted: events - rejectedSpans, rejected } };
}
