/**
 * Every route of the collector, and how a method and raw path find one.
 */
import { BASE_HEADERS, HttpError, sendJson } from '../http.js';
import { VIEWER_ASSETS } from '../viewer/assets.js';
import type { RouteHandler } from '../context.js';
import { handleEvents } from './ingest.js';
import { handleOtlpTraces } from './otlp.js';
import { handleGetTrace, handleListTraces, handleStats } from './query.js';

/** One method on one path. */
export interface Route {
  method: 'GET' | 'POST';
  /** An exact raw path, or a pattern whose groups become `params`. */
  path: string | RegExp;
  handler: RouteHandler;
  /** Public routes need no key and are not rate limited. */
  public?: boolean;
  /** The key may also arrive in the body (beacons cannot set headers). */
  keyInBody?: boolean;
}

const viewerRoutes = Object.entries(VIEWER_ASSETS).map(
  ([path, asset]): Route => ({
    method: 'GET',
    path,
    public: true,
    handler: (_req, res) => {
      res.writeHead(200, { ...BASE_HEADERS, ...asset.headers });
      res.end(asset.body);
    },
  }),
);

const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/healthz',
    public: true,
    handler: (_req, res) => sendJson(res, 200, { ok: true }),
  },
  { method: 'POST', path: '/v1/events', keyInBody: true, handler: handleEvents },
  { method: 'POST', path: '/v1/traces', handler: handleOtlpTraces },
  { method: 'GET', path: '/v1/traces', handler: handleListTraces },
  { method: 'GET', path: /^\/v1\/traces\/([0-9a-f]{32})$/, handler: handleGetTrace },
  { method: 'GET', path: '/v1/stats', handler: handleStats },
  ...viewerRoutes,
];

/**
 * Finds the route for a method and a raw (undecoded) path. HEAD is served
 * as GET; node:http leaves out the body.
 * @throws HttpError 404 for an unknown path, 405 (with `allow`) for a wrong method.
 */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; params: string[] } {
  const wanted = method === 'HEAD' ? 'GET' : method;
  const onPath = ROUTES.flatMap((route) => {
    const params = matchPath(route.path, path);
    return params ? [{ route, params }] : [];
  });

  const found = onPath.find((candidate) => candidate.route.method === wanted);
  if (found) return found;
  if (onPath.length === 0) throw new HttpError(404, 'not found');
  const allow = [...new Set(onPath.map((candidate) => candidate.route.method))];
  throw new HttpError(405, `method ${method} not allowed`, { allow: allow.join(', ') });
}

function matchPath(pattern: string | RegExp, path: string): string[] | undefined {
  if (typeof pattern === 'string') return pattern === path ? [] : undefined;
  return pattern.exec(path)?.slice(1);
}
