/**
 * Which `Host` headers the collector answers to, against DNS rebinding: a
 * page on a site of the attacker's re-points its own name at 127.0.0.1 and
 * then reads the API as if it were same-origin. The browser still sends the
 * attacker's name in `Host`, so refusing names the collector does not know
 * closes that door for every route, with or without an `Origin` header.
 */
import { isIP } from 'node:net';

/**
 * The bare, lowercased name or address of a `Host` header or a `host`
 * option: without brackets, port or trailing dot.
 */
export function hostName(header: string): string {
  const text = header.trim().toLowerCase();
  if (isIP(text) !== 0) return text;
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    // A bracket left open matches nothing, which refuses it.
    return end < 0 ? text : text.slice(1, end);
  }
  return text.replace(/:\d*$/, '').replace(/\.$/, '');
}

/** Decides on a request's `Host` header. */
export class HostPolicy {
  readonly #names: ReadonlySet<string>;
  readonly #any: boolean;

  /**
   * @param boundHost the `host` option; a name given there is trusted.
   * @param allowed more names the collector is reached by, or `'*'` for any.
   */
  constructor(boundHost: string, allowed: readonly string[] = []) {
    const names = allowed.filter((name) => name !== '*').map(hostName);
    // Addresses, wildcards included, need no entry: see allows().
    const bound = hostName(boundHost);
    if (bound && isIP(bound) === 0) names.push(bound);
    this.#names = new Set(names);
    this.#any = allowed.includes('*');
  }

  /** Whether a request with this `Host` header may be served. */
  allows(header: string | undefined): boolean {
    // Browsers always send Host; only an HTTP/1.0 tool may leave it out.
    if (header === undefined || this.#any) return true;
    const name = hostName(header);
    // An address cannot be re-pointed by DNS: a page whose origin is an IP
    // address can only be on the machine with that address.
    if (isIP(name) !== 0) return true;
    return name === 'localhost' || this.#names.has(name);
  }
}
