/**
 * `POST /v1/events`: one batch in, each event validated on its own, the
 * valid ones stored, and a per-event answer out.
 */
import {
  safeParse,
  validateEvent,
  WireBatchSchema,
  type WireEvent,
} from '@robotforge/sdk/schema';
import { HttpError, mediaTypeOf, readBody, sendJson } from '../http.js';
import type { RouteHandler } from '../context.js';

// Beacons cannot set headers, so they send JSON as text/plain.
const ACCEPTED_MEDIA_TYPES = new Set(['application/json', 'text/plain']);

/** Answers `POST /v1/events`. */
export const handleEvents: RouteHandler = async (req, res, ctx, request) => {
  const mediaType = mediaTypeOf(req);
  if (!ACCEPTED_MEDIA_TYPES.has(mediaType)) {
    throw new HttpError(
      415,
      `content-type must be application/json or text/plain, got ${mediaType || 'none'}`,
    );
  }
  // Limitation: compressed bodies are refused, so a sender must not gzip.
  const encoding = req.headers['content-encoding'];
  if (encoding && encoding !== 'identity') {
    throw new HttpError(415, `content-encoding ${encoding} is not supported`);
  }

  const batch = parseBatch(await readBody(req, ctx.maxBodyBytes));
  if (!request.keyAccepted && !ctx.keys.accepts(batch.apiKey)) {
    throw new HttpError(401, 'missing or invalid API key');
  }
  if (batch.events.length > ctx.maxEventsPerBatch) {
    throw new HttpError(
      413,
      `batch holds ${batch.events.length} events; the limit is ${ctx.maxEventsPerBatch}`,
    );
  }

  const valid: WireEvent[] = [];
  const rejected: { eventId: string; reason: string }[] = [];
  for (const value of batch.events) {
    const result = validateEvent(value);
    if (result.ok) valid.push(result.event);
    else rejected.push({ eventId: eventIdOf(value), reason: result.reason });
  }
  for (const { eventId, reason } of rejected) {
    ctx.log.debug('ingest', `rejected event ${JSON.stringify(eventId)}: ${reason}`);
  }

  const stored = await ctx.store.write(valid);
  ctx.log.debug(
    'ingest',
    `batch of ${batch.events.length}: ${stored} stored, ` +
      `${valid.length - stored} duplicates, ${rejected.length} rejected`,
  );
  // Duplicates count as accepted: a retry of a stored batch has succeeded.
  sendJson(res, 200, { accepted: valid.length, rejected });
};

function parseBatch(body: Buffer): { apiKey?: string; events: unknown[] } {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `body is not valid JSON: ${(error as Error).message}`);
  }

  const result = safeParse(WireBatchSchema, value);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue.path?.map((item) => String(item.key)).join('.');
    throw new HttpError(400, `not a batch: ${path ? `${path}: ` : ''}${issue.message}`);
  }
  return result.output;
}

/** The event's id when it has a usable one, so that the sender can match the answer. */
function eventIdOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '';
  const { eventId } = value as { eventId?: unknown };
  return typeof eventId === 'string' ? eventId.slice(0, 256) : '';
}
