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
 * Nothing here throws into the caller but the function's own error.
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
  // Limitation: settlement can only be seen through `then`, which on a lazy
  // subclass (openai's APIPromise) starts the work: the body is parsed, so
  // `asResponse()` then gets a body already read. `wrapOpenAI` traces the
  // openai client without this.
  // Limitation: `then(ok, fail)` marks the promise handled, so Node no
  // longer reports a rejection the app forgot to handle (the span still
  // records it). Returning a promise of our own would keep the report but
  // lose the same object and its methods, which the app may rely on.
  try {
    // A span that records nothing has nothing to wait for: a promise passes
    // through untouched, and the span ends now like a sync one.
    if (result instanceof Promise && span.sampled) {
      result.then(
        (value) => succeed(span, value, options),
        (error) => fail(span, error),
      );
      return result;
    }
  } catch {
    // A subclass whose constructor takes no executor makes `then` throw:
    // its settlement cannot be seen, so the span ends now, without the
    // pending promise as its output.
    options = {};
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
