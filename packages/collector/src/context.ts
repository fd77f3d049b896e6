/**
 * What every route handler receives: the shared pieces of one running
 * collector, and the parts of the request the router already worked out.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeyRing } from './auth.js';
import type { Logger } from './logger.js';
import type { EventStore } from './store.js';

/** Pieces shared by all requests of one collector. */
export interface CollectorContext {
  store: EventStore;
  keys: KeyRing;
  log: Logger;
  maxBodyBytes: number;
  maxEventsPerBatch: number;
}

/** What the router learned about a request before calling its handler. */
export interface RouteRequest {
  /** Groups captured from the path, such as a trace id. */
  params: string[];
  query: URLSearchParams;
  /** True when the collector is open or the header carried an accepted key. */
  keyAccepted: boolean;
}

/** Answers one request; errors thrown as `HttpError` become JSON answers. */
export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  ctx: CollectorContext,
  request: RouteRequest,
) => void | Promise<void>;
