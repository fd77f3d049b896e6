/**
 * Running a user's function inside a span: timing, errors, and returning
 * exactly what the function returned.
 */
import type { ContextManager } from './context.js';
import type { Span } from './span.js';

export interface RunOptions {
  /** Record the result as the output unless the function set one. */
  captureResult?: boolean;
}

/**
 * Runs `fn(span)` with the span active. Sync results end the span at
 * return; a promise ends it when it settles and is returned as is, the
 * same object. A throw or rejection is recorded and re-thrown unchanged.
 */
export function runInSpan<T>(
  context: ContextManager | undefined,
  span: Span,
  fn: (span: Span) => T,
  options: RunOptions = {},
): T {
  let result: T;
  try {
    result = context ? context.run(span, () => fn(span)) : fn(span);
  } catch (error) {
    fail(span, error);
    throw error;
  }
  // Limitation: only real promises (and subclasses) are followed; a bare
  // thenable is treated as a value, because calling its `then` may start
  // work (query builders run on `then`).
  if (result instanceof Promise) {
    result.then(
      (value) => succeed(span, value, options),
      (error) => fail(span, error),
    );
    return result;
  }
  succeed(span, result, options);
  return result;
}

function succeed(span: Span, value: unknown, options: RunOptions): void {
  if (span.ended) return;
  if (options.captureResult && !span.outputSet) span.output = value;
  span.end();
}

function fail(span: Span, error: unknown): void {
  if (span.ended) return;
  span.setError(error);
  span.end();
}
