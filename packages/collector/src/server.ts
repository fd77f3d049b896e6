/**
 * The HTTP layer: matches a request to a route and applies, in order, the
 * origin check, preflight, API key, rate limit, then the route's handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerKey } from './auth.js';
import type { CorsPolicy } from './cors.js';
import { BASE_HEADERS, HttpError, sendJson } from './http.js';
import type { RateLimiter } from './rate-limit.js';
import type { CollectorContext, RouteHandler } from './context.js';
import { handleEvents } from './routes/ingest.js';
import { handleOtlpTraces } from './routes/otlp.js';
import { handleGetTrace, handleListTraces, handleStats } from './routes/query.js';
import { VIEWER_ASSETS } from './viewer/assets.js';

interface Route {
  method: 'GET' | 'POST';
  /** An exact raw path, or a pattern whose groups become `params`. */
  path: string | RegExp;
  handler: RouteHandler;
  /** Public routes need no key and are not rate limited. */
  public?: boolean;
  /** The key may also arrive in the body (beacons cannot set headers). */
  keyInBody?: boolean;
}

const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/healthz', public: true, handler: (_q, res) => sendJson(res, 200, { ok: true }) },
  { method: 'POST', path: '/v1/events', keyInBody: true, handler: handleEvents },
  { method: 'POST', path: '/v1/traces', handler: handleOtlpTraces },
  { method: 'GET', path: '/v1/traces', handler: handleListTraces },
  { method: 'GET', path: /^\/v1\/traces\/([0-9a-f]{32})$/, handler: handleGetTrace },
  { method: 'GET', path: '/v1/stats', handler: handleStats },
  ...Object.entries(VIEWER_ASSETS).map(([path, asset]): Route => ({
    method: 'GET',
    path,
    public: true,
    handler: (_q, res) => {
      res.writeHead(200, { ...BASE_HEADERS, ...asset.headers });
      res.end(asset.body);
    },
  })),
];

/** The cross-cutting pieces the router applies before a handler runs. */
export interface ServerParts {
  ctx: CollectorContext;
  cors: CorsPolicy;
  limiter: RateLimiter | undefined;
}

/** Builds the `request` listener of a node:http server. */
export function createRequestListener(parts: ServerParts) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const startedMs = Date.now();
    res.on('finish', () => {
      const path = (req.url ?? '').split('?')[0];
      parts.ctx.log.debug('http', `${req.method} ${path} ${res.statusCode} ${Date.now() - startedMs}ms`);
    });
    route(req, res, parts).catch((error: unknown) => fail(res, parts, error));
  };
}

async function route(req: IncomingMessage, res: ServerResponse, parts: ServerParts) {
  const { ctx, cors, limiter } = parts;
  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  // The raw path is matched exactly and never decoded or resolved, so no
  // spelling of `..` can reach anything but a 404.
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1));

  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (!cors.allows(origin, req.headers.host)) throw new HttpError(403, 'origin not allowed');
    for (const [name, value] of Object.entries(cors.headers(origin))) res.setHeader(name, value);
  }

  if (req.method === 'OPTIONS') {
    if (!origin) throw new HttpError(400, 'a preflight request needs an Origin header');
    const privateNetwork = req.headers['access-control-request-private-network'] === 'true';
    res.writeHead(204, { ...BASE_HEADERS, ...cors.preflightHeaders(origin, privateNetwork) });
    res.end();
    return;
  }

  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const candidates = ROUTES.map((r) => ({ r, params: matchPath(r.path, path) })).filter(
    (candidate) => candidate.params !== undefined,
  );
  const found = candidates.find((candidate) => candidate.r.method === method);
  if (!found) {
    if (candidates.length === 0) throw new HttpError(404, 'not found');
    const allow = [...new Set(candidates.map((candidate) => candidate.r.method))].join(', ');
    throw new HttpError(405, `method ${req.method} not allowed`, { allow });
  }
  const { r, params = [] } = found;

  let keyAccepted = true;
  if (!r.public) {
    const headerKey = bearerKey(req);
    keyAccepted = ctx.keys.open || (headerKey !== undefined && ctx.keys.accepts(headerKey));
    if (!keyAccepted && (headerKey !== undefined || !r.keyInBody)) {
      throw new HttpError(401, 'missing or invalid API key');
    }
    // Buckets follow accepted keys; anything else is counted per address so
    // that made-up keys cannot buy fresh buckets.
    const clientId = !ctx.keys.open && keyAccepted
      ? `key:${headerKey}`
      : `ip:${req.socket.remoteAddress ?? ''}`;
    const taken = limiter?.take(clientId);
    if (taken && !taken.ok) {
      throw new HttpError(429, 'rate limit exceeded', {
        'retry-after': String(taken.retryAfterSeconds),
      });
    }
  }

  await r.handler(req, res, ctx, { params, query, keyAccepted });
}

function matchPath(pattern: string | RegExp, path: string): string[] | undefined {
  if (typeof pattern === 'string') return pattern === path ? [] : undefined;
  return pattern.exec(path)?.slice(1);
}

function fail(res: ServerResponse, parts: ServerParts, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof HttpError) {
    sendJson(res, error.status, { error: error.message }, error.headers);
    return;
  }
  parts.ctx.log.info('http', `internal error: ${(error as Error)?.stack ?? String(error)}`);
  sendJson(res, 500, { error: 'internal error' });
}
