/**
 * Calling the functions the user hands the client (`beforeSend`,
 * `onError`, `waitUntil`): whatever they throw, return or reject with
 * stays here, and an edit that is not an event is refused.
 */
import type { WireEvent } from './schema.js';

/**
 * A hook that is an `async` function (or returns a promise by accident)
 * rejects instead of throwing; with no handler that would surface as an
 * unhandled rejection in the user's process.
 */
export function absorbRejection(value: unknown): void {
  try {
    const then = (value as { then?: unknown } | null | undefined)?.then;
    if (typeof then === 'function') then.call(value, undefined, () => undefined);
  } catch {
    // A hostile thenable: nothing of it may reach the user either.
  }
}

/** The event `beforeSend` made, or why the event is dropped. */
export function applyBeforeSend(
  beforeSend: (event: WireEvent) => unknown,
  event: WireEvent,
): WireEvent | { drop: string } {
  let edited: unknown;
  try {
    edited = beforeSend(event);
  } catch {
    return { drop: 'before_send_error' };
  }
  if (edited === null || edited === undefined) return { drop: 'before_send' };
  if (looksLikeEvent(edited)) return edited;
  absorbRejection(edited);
  return { drop: 'before_send_invalid' };
}

/**
 * What `beforeSend` returned: kept only if it still has an event's identity
 * and turns into JSON, so one bad edit never fails the rest of its batch.
 */
function looksLikeEvent(value: unknown): value is WireEvent {
  try {
    const event = value as WireEvent;
    if (typeof event !== 'object' || typeof event.eventId !== 'string' ||
      typeof event.traceId !== 'string' || typeof event.spanId !== 'string' ||
      typeof event.type !== 'string' || typeof event.startTime !== 'string') {
      return false;
    }
    JSON.stringify(event);
    return true;
  } catch {
    return false;
  }
}
