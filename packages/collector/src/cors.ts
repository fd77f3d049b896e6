/**
 * Which browser origins may call the collector, and the headers that say so.
 */

/** Any port on the loopback names, which is where local apps run. */
const LOCAL_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;
/** How long browsers may cache a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** Decides on an `Origin` header and builds the CORS answer headers. */
export class CorsPolicy {
  readonly #origins: ReadonlySet<string> | undefined;

  /** @param origins exact origins or `'*'`; undefined means any local origin. */
  constructor(origins?: readonly string[]) {
    // A trailing slash is a common typo; browsers never send one.
    const exact = origins?.map((origin) => origin.replace(/\/+$/, ''));
    this.#origins = exact && new Set(exact);
  }

  /**
   * Whether a request with this `Origin` may be served. `host` is the
   * request's `Host` header: a page served by the collector itself is always
   * allowed to call it. The caller must have checked `host` with HostPolicy
   * first; otherwise a rebound name (Origin and Host both `evil.example`)
   * would pass as the collector's own page.
   */
  allows(origin: string, host: string | undefined): boolean {
    if (host && origin === `http://${host}`) return true;
    if (!this.#origins) return LOCAL_ORIGIN.test(origin);
    return this.#origins.has('*') || this.#origins.has(origin);
  }

  /** Headers for an allowed origin's request. */
  headers(origin: string): Record<string, string> {
    return {
      'access-control-allow-origin': origin,
      'access-control-expose-headers': 'retry-after',
      vary: 'Origin',
    };
  }

  /** Headers for an allowed origin's preflight (OPTIONS) request. */
  preflightHeaders(origin: string, privateNetwork: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      ...this.headers(origin),
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'authorization, content-type',
      'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
    };
    // Chrome asks before a public page may reach a loopback address.
    if (privateNetwork) headers['access-control-allow-private-network'] = 'true';
    return headers;
  }
}
