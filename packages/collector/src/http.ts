/**
 * Small helpers over node:http: JSON answers, bounded body reading, and an
 * error type that carries the status code to answer with.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Bytes drained after a 413 before the connection is cut, as a multiple of the limit. */
const DRAIN_LIMIT_FACTOR = 4;

/** A failure that becomes a JSON `{ error }` answer with this status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Headers every answer carries. */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
};

/** Sends `body` as JSON; API answers are never cached. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...BASE_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** The media type of a request without parameters, lowercased; '' when absent. */
export function mediaTypeOf(req: IncomingMessage): string {
  const header = req.headers['content-type'] ?? '';
  return header.split(';')[0]!.trim().toLowerCase();
}

/**
 * Reads the whole body, refusing more than `maxBytes`.
 * @throws HttpError 413 as soon as the declared or received size is too large.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new HttpError(413, `request body is larger than the limit of ${maxBytes} bytes`, {
      connection: 'close',
    });

  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    drain(req, maxBytes);
    return Promise.reject(tooLarge());
  }

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      drain(req, maxBytes);
      reject(tooLarge());
    };
    req.on('data', onData);
    req.on('end', () => {
      if (size <= maxBytes) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', reject);
    // A client that hangs up mid-body must not leave the request waiting forever.
    req.on('close', () => {
      if (!req.complete) reject(new HttpError(400, 'request body was cut off'));
    });
  });
}

/**
 * Keeps reading a refused body so that the client gets to read the 413
 * instead of a reset; cuts the connection if the body goes on for too long.
 */
function drain(req: IncomingMessage, maxBytes: number): void {
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > maxBytes * DRAIN_LIMIT_FACTOR) req.destroy();
  });
  req.resume();
}
