/**
 * Time, injected so tests need no real sleeps. Wall-clock time stamps
 * events; the monotonic clock measures durations, so a latency is never
 * negative even when the wall clock jumps.
 */
export interface Clock {
  /** Wall-clock milliseconds since the epoch. */
  now(): number;
  /** Monotonic milliseconds from an arbitrary origin. */
  monotonic(): number;
  /** Calls `fn` after `ms`; the returned function cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
  random(): number;
}

/** Makes a timer stop holding the process open, where the runtime can. */
export type TimerUnref = (handle: unknown) => void;

const unrefIfPossible: TimerUnref = (handle) => {
  (handle as { unref?: () => void } | undefined)?.unref?.();
};

/** The real clock of the running platform. */
export function systemClock(unref: TimerUnref = unrefIfPossible): Clock {
  const perf = globalThis.performance;
  const monotonic =
    perf && typeof perf.now === 'function' ? () => perf.now() : () => Date.now();
  return {
    now: () => Date.now(),
    monotonic,
    setTimer(fn, ms) {
      const handle = setTimeout(fn, ms);
      unref(handle);
      return () => clearTimeout(handle);
    },
    random: Math.random,
  };
}

/** Resolves after `ms` or as soon as `signal` aborts. Never rejects. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      cancel();
      resolve();
    };
    const cancel = clock.setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
