/**
 * Events a closing page could not send, kept in `localStorage` so that the
 * next page load of the same origin sends them. An event is forgotten only
 * once it was sent, and it keeps its id, so one that was kept and also
 * arrived (or is sent by two tabs) is stored once by the collector.
 */
import type { WireEvent } from '../core/schema.js';

/** Characters of JSON kept at most per endpoint; beyond it, nothing is added. */
export const MAX_KEPT_CHARS = 1_000_000;

/** The `localStorage` key prefix; the endpoint follows it. */
export const KEPT_KEY_PREFIX = 'robotforge:unsent:';

/** Where unsent events wait for the next page load. */
export interface UnsentStore {
  /** Adds events; false when storage is missing, full or over the cap. */
  keep(events: WireEvent[]): boolean;
  /** Forgets the events with these ids (they were sent after all). */
  forget(eventIds: string[]): void;
  /** Everything kept, oldest first; it stays kept until forgotten. */
  all(): WireEvent[];
}

/** The subset of the Web Storage API the store uses. */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * A store in `storage` (default `localStorage`) under a key per endpoint.
 * Never throws: storage that is missing, disabled or full only makes
 * `keep` answer false.
 */
export function createUnsentStore(endpoint: string, storage?: StorageLike): UnsentStore {
  const key = KEPT_KEY_PREFIX + endpoint;
  const area = (): StorageLike | undefined => {
    try {
      return storage ?? globalThis.localStorage ?? undefined;
    } catch {
      // Reading `localStorage` throws where the user blocked site data.
      return undefined;
    }
  };
  const read = (): WireEvent[] => {
    try {
      const parsed: unknown = JSON.parse(area()?.getItem(key) ?? '[]');
      return Array.isArray(parsed) ? (parsed as WireEvent[]) : [];
    } catch {
      return [];
    }
  };
  const write = (events: WireEvent[]): boolean => {
    try {
      const target = area();
      if (!target) return false;
      if (events.length === 0) {
        target.removeItem(key);
        return true;
      }
      const text = JSON.stringify(events);
      if (text.length > MAX_KEPT_CHARS) return false;
      target.setItem(key, text);
      return true;
    } catch {
      return false;
    }
  };

  return {
    keep: (events) => write([...read(), ...events]),
    forget(eventIds) {
      const gone = new Set(eventIds);
      write(read().filter((event) => !gone.has(event.eventId)));
    },
    all: read,
  };
}
