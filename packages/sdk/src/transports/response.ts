/** Reading the endpoint's answer to a batch, which may be malformed. */
import type { BatchResponse } from '../core/schema.js';

const isCount = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;

/**
 * Parses `{ accepted, rejected }` from a response body (text or object).
 * Checked by hand rather than with the wire schema, which keeps the schema
 * and its validators out of browser bundles.
 * @returns undefined when the body is empty or not of that shape.
 */
export function validateResponse(body: unknown): BatchResponse | undefined {
  let value = body;
  if (typeof body === 'string') {
    if (body.trim() === '') return undefined;
    try {
      value = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const answer = value as { accepted?: unknown; rejected?: unknown } | null;
  if (!answer || !isCount(answer.accepted) || !Array.isArray(answer.rejected)) {
    return undefined;
  }
  const rejected: BatchResponse['rejected'] = [];
  for (const item of answer.rejected as { eventId?: unknown; reason?: unknown }[]) {
    if (typeof item?.eventId !== 'string' || typeof item.reason !== 'string') {
      return undefined;
    }
    rejected.push({ eventId: item.eventId, reason: item.reason });
  }
  return { accepted: answer.accepted, rejected };
}
