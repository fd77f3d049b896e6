/**
 * The trace context: which span is active, so that children find their
 * parent. Each client owns its own context, so one client's span never
 * becomes another client's parent, and the SDK never enters a store that
 * the application owns.
 */
import type { Span } from './span.js';

export interface ContextManager {
  /** The active span, if any. */
  active(): Span | undefined;
  /** Runs `fn` with `span` active and returns exactly what `fn` returns. */
  run<T>(span: Span, fn: () => T): T;
}

/** The shape of Node's `AsyncLocalStorage`, also offered by Deno and Bun. */
export interface AsyncLocalStorageLike<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
}

/** A factory the runtime entry provides: one context per client. */
export type ContextFactory = () => ContextManager;

/** Nesting across awaits, through an `AsyncLocalStorage` of our own. */
export function asyncContext(
  Storage: new () => AsyncLocalStorageLike<Span>,
): ContextFactory {
  return () => {
    const storage = new Storage();
    return {
      active: () => storage.getStore(),
      run: (span, fn) => storage.run(span, fn),
    };
  };
}

/**
 * Nesting without async context: a span is active only while its callback
 * runs synchronously. Work after an `await` sees no parent rather than a
 * wrong one, so concurrent calls never adopt each other's spans.
 *
 * Limitation: in runtimes without `AsyncLocalStorage` (browsers), children
 * created after an `await` become roots unless given the `parent` option.
 */
export const syncContext: ContextFactory = () => {
  const stack: Span[] = [];
  return {
    active: () => stack[stack.length - 1],
    run(span, fn) {
      stack.push(span);
      try {
        return fn();
      } finally {
        const at = stack.lastIndexOf(span);
        if (at !== -1) stack.length = at;
      }
    },
  };
};
