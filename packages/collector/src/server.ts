/**
 * The HTTP layer: applies, in order, the Host check, the origin check,
 * preflight, route lookup, API key and rate limit, then runs the route's
 * handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerKey } from './auth.js';
import type { CorsPolicy } from './cors.js';
import type { HostPolicy } from './hosts.js';
import { BASE_HEADERS, HttpError, sendJson } from './http.js';
import type { RateLimiter } from './rate-limit.js';
import type { CollectorContext } from './context.js';
import { matchRoute, type Route } from './routes/table.js';

/** The cross-cutting pieces the router applies before a handler runs. */
export interface ServerParts {
  ctx: CollectorContext;
  cors: CorsPolicy;
  hosts: HostPolicy;
  limiter: RateLimiter | undefined;
}

/** Builds the `request` listener of a node:http server. */
export function createRequestListener(parts: ServerParts) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const startedMs = Date.now();
    res.on('finish', () => {
      const path = (req.url ?? '').split('?')[0];
      const tookMs = Date.now() - startedMs;
      parts.ctx.log.debug('http', `${req.method} ${path} ${res.statusCode} ${tookMs}ms`);
    });
    handle(req, res, parts).catch((error: unknown) => fail(res, parts, error));
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, parts: ServerParts) {
  const { ctx, cors, hosts } = parts;
  const host = req.headers.host;
  if (!hosts.allows(host)) {
    throw new HttpError(403, `host not allowed: ${host}; the collector answers to ` +
      'localhost, IP addresses and names in allowedHosts (--allowed-host)');
  }

  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  // The raw path is matched exactly and never decoded or resolved, so no
  // spelling of `..` can reach anything but a 404.
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1));

  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (!cors.allows(origin, host)) {
      throw new HttpError(403, 'origin not allowed');
    }
    for (const [name, value] of Object.entries(cors.headers(origin))) {
      res.setHeader(name, value);
    }
  }

  if (req.method === 'OPTIONS') {
    if (!origin) throw new HttpError(400, 'a preflight request needs an Origin header');
    const privateNetwork = req.headers['access-control-request-private-network'];
    const headers = cors.preflightHeaders(origin, privateNetwork === 'true');
    res.writeHead(204, { ...BASE_HEADERS, ...headers });
    res.end();
    return;
  }

  const { route, params } = matchRoute(req.method ?? 'GET', path);
  const keyAccepted = route.public ? true : admit(req, route, parts);
  await route.handler(req, res, ctx, { params, query, keyAccepted });
}

/**
 * Checks the header key and takes a rate limit token.
 * @returns whether the header carried an accepted key (or none is needed).
 */
function admit(req: IncomingMessage, route: Route, parts: ServerParts): boolean {
  const { ctx, limiter } = parts;
  const headerKey = bearerKey(req);
  const keyAccepted = ctx.keys.open || ctx.keys.accepts(headerKey);
  // Without a header, a beacon may still carry its key in the body.
  if (!keyAccepted && (headerKey !== undefined || !route.keyInBody)) {
    throw new HttpError(401, 'missing or invalid API key');
  }

  // Buckets follow accepted keys; anything else is counted per address so
  // that made-up keys cannot buy fresh buckets.
  const clientId =
    !ctx.keys.open && keyAccepted
      ? `key:${headerKey}`
      : `ip:${req.socket.remoteAddress ?? ''}`;
  const taken = limiter?.take(clientId);
  if (taken && !taken.ok) {
    throw new HttpError(429, 'rate limit exceeded', {
      'retry-after': String(taken.retryAfterSeconds),
    });
  }
  return keyAccepted;
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
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  parts.ctx.log.info('http', `internal error: ${detail}`);
  sendJson(res, 500, { error: 'internal error' });
}
