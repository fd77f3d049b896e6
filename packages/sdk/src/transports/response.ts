/**
 * What every HTTP transport shares: the events URL, and reading the
 * endpoint's answer (status, `Retry-After`, a body that may be malformed)
 * into a tagged {@link TransportResult}. Kept apart from the ofetch
 * transport so that the browser entry can use it without ofetch.
 */
import type { SendOptions, TransportResult } from './types.js';
import type { BatchResponse } from '../core/schema.js';

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** `{endpoint}/v1/events`, whatever trailing slashes the endpoint has. */
export const eventsUrl = (endpoint: string): string =>
  `${endpoint.replace(/\/+$/, '')}/v1/events`;

const isCount = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;

/**
 * Parses `{ accepted, rejected }` from a response body (text or object).
 * Checked by hand rather than with the wire schema, which keeps the schema
 * and its validators out of browser bundles.
 * @returns undefined when the body is empty or not of that shape.
 */
export function validateResponse(body: unknown): BatchResponse | undefined {
  try {
    const answer = typeof body === 'string' ? JSON.parse(body) : body;
    const rejected: BatchResponse['rejected'] = [];
    for (const { eventId, reason } of answer.rejected) {
      if (typeof eventId !== 'string' || typeof reason !== 'string') return;
      rejected.push({ eventId, reason });
    }
    // Any other shape has thrown above or ends here.
    if (isCount(answer.accepted) && Array.isArray(answer.rejected)) {
      return { accepted: answer.accepted, rejected };
    }
  } catch {
    // Not JSON, or not of that shape.
  }
  return undefined;
}

/**
 * Maps an HTTP answer to a transport result. Exported for the other
 * HTTP-based transports (keepalive fetch, OTLP).
 */
export function classifyResponse(
  status: number,
  headers: Headers,
  body: unknown,
  now: () => number = Date.now,
): TransportResult {
  const reason = `HTTP ${status}`;
  if (status >= 200 && status < 300) {
    const response = validateResponse(body);
    return response ? { kind: 'sent', response } : { kind: 'sent' };
  }
  if (status === 413) return { kind: 'too-large', reason };
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), now);
    return retryAfterMs === undefined
      ? { kind: 'retry', reason, status }
      : { kind: 'retry', reason, status, retryAfterMs };
  }
  const hint = status === 401 ? ' (check the API key)' : '';
  return { kind: 'failed', reason: reason + hint, status, code: `http_${status}` };
}

/** The HTTP date format (IMF-fixdate), as `Retry-After` must use it. */
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * `Retry-After` as seconds or an HTTP date, in milliseconds from now.
 * Anything else, and a date already past, gives undefined: the caller then
 * backs off as usual rather than retrying at once.
 */
export function parseRetryAfter(
  value: string | null,
  now: () => number = Date.now,
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  if (!HTTP_DATE.test(trimmed)) return undefined;
  const wait = Date.parse(trimmed) - now();
  return wait > 0 ? wait : undefined;
}

/** A network error's code (`ECONNREFUSED`), else its message's first line. */
export function networkError(error: unknown): string {
  try {
    const code = (error as { cause?: { code?: string } })?.cause?.code;
    if (code) return String(code);
    const message = (error as Error)?.message ?? String(error);
    return withoutUrlSecrets(message.split('\n')[0]!).slice(0, 200);
  } catch {
    return 'unknown';
  }
}

/**
 * Replaces each URL in `text` by its origin and path: user info, query and
 * fragment may hold credentials, and reasons reach logs and `onError`.
 */
export function withoutUrlSecrets(text: string): string {
  return text.replace(/https?:\/\/[^\s"'<>]+/g, (url) => {
    try {
      const { origin, pathname } = new URL(url);
      return origin + pathname;
    } catch {
      return '[url]';
    }
  });
}

/** What {@link postBatch} needs beyond the request itself. */
export interface PostOptions {
  /** Replaces the global `fetch` (tests, custom agents). */
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

/** Reads a `fetch` answer, body as text, with {@link classifyResponse}. */
const readAnswer = async (response: Response): Promise<TransportResult> =>
  classifyResponse(response.status, response.headers, await response.text());

/**
 * POSTs one batch through `fetch` with a deadline and the caller's abort
 * signal, and lets `read` turn the answer into a result (by default, the
 * body as text through {@link classifyResponse}). A network error, an
 * abort or the deadline is a `retry`. Never throws.
 */
export async function postBatch(
  url: string,
  request: { body: BodyInit; headers: Record<string, string> },
  options: PostOptions,
  sendOptions: SendOptions | undefined,
  read: (response: Response) => Promise<TransportResult> = readAnswer,
): Promise<TransportResult> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const signal = sendOptions?.signal;
  if (signal?.aborted) abort();
  signal?.addEventListener('abort', abort, { once: true });
  const timer = setTimeout(abort, options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  try {
    const response = await (options.fetch ?? fetch)(url, {
      method: 'POST', ...request, signal: controller.signal,
      keepalive: sendOptions?.unloading === true,
    });
    return await read(response);
  } catch (error) {
    return { kind: 'retry', reason: `network error: ${networkError(error)}` };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}
