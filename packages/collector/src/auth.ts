/**
 * API keys: which ones are accepted, and where a request carries one.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const digest = (key: string) => createHash('sha256').update(key).digest();

/** The set of accepted keys. With none, the collector is open. */
export class KeyRing {
  // Digests have one length, so comparing them leaks nothing about key length.
  readonly #digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.#digests = keys.map(digest);
  }

  /** True when no key is configured and every request is let in. */
  get open(): boolean {
    return this.#digests.length === 0;
  }

  /** Whether `key` is one of the accepted keys (always true when open). */
  accepts(key: string | undefined): boolean {
    if (this.open) return true;
    if (typeof key !== 'string' || key === '') return false;
    const candidate = digest(key);
    let match = false;
    for (const known of this.#digests) match = timingSafeEqual(known, candidate) || match;
    return match;
  }
}

/** The key of an `authorization: Bearer <key>` header, if there is one. */
export function bearerKey(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}
