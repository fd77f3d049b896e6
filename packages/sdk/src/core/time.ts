/**
 * ISO 8601 time stamps for events and batches. `Date#toISOString` costs
 * far more than the rest of an event; where events are built by the
 * hundred thousand (Node), a remembering formatter is plugged in instead
 * (see serialize-fast.ts), which browser bundles need not carry.
 */
import { fastPaths } from './serialize.js';

/** `YYYY-MM-DDTHH:MM:SS.mmmZ` for epoch milliseconds. */
export function toIsoString(ms: number): string {
  return fastPaths.isoString?.(ms) ?? new Date(Math.floor(ms)).toISOString();
}
