/**
 * `POST /v1/traces`: reserved for OTLP/HTTP trace export, so that an
 * OpenTelemetry exporter can point at the collector. Not implemented yet.
 *
 * Limitation: OTLP spans are refused with 501. Supporting them means
 * decoding OTLP JSON (and protobuf), mapping GenAI semantic-convention
 * attributes onto wire events, and storing them through `EventStore.insert`
 * like `POST /v1/events` does.
 */
import { HttpError } from '../http.js';
import type { RouteHandler } from '../context.js';

/** Answers `POST /v1/traces` with 501 until OTLP ingest exists. */
export const handleOtlpTraces: RouteHandler = () => {
  throw new HttpError(
    501,
    'OTLP ingest is not implemented yet; send RobotForge batches to POST /v1/events',
  );
};
