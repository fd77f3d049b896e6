/** Reading the endpoint's answer to a batch, which may be malformed. */
import * as v from 'valibot';
import { BatchResponseSchema, type BatchResponse } from '../core/schema.js';

/**
 * Parses `{ accepted, rejected }` from a response body (text or object).
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
  const result = v.safeParse(BatchResponseSchema, value);
  return result.success ? result.output : undefined;
}
