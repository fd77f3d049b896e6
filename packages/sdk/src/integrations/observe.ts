/**
 * Watching a provider SDK's call without changing what the caller gets:
 * the same `APIPromise` (with `withResponse()` and `asResponse()`), the
 * same `Stream` object, the same errors. Written for the Stainless-made
 * clients (`openai`, `@anthropic-ai/sdk`), with a plain-promise fallback.
 */

/** What a wrapper does with one call's outcome. Each runs at most once. */
export interface CallObserver {
  /** The SDK parsed the body into `value`: a result object or a stream. */
  value(value: unknown, response: Response | undefined): void;
  /** The request failed: an HTTP error, the network, or an abort. */
  error(error: unknown): void;
  /** The caller took the raw `Response`, which the SDK will not parse. */
  raw(): void;
}

/** What a wrapper does with the items of one stream. */
export interface StreamObserver {
  /** Sees each item; returning false hides it from the caller. */
  item(item: unknown): boolean;
  /** The stream was read to its end. */
  done(): void;
  /** The caller stopped early (`break`, `controller.abort()`) or dropped it. */
  aborted(): void;
  /** Reading failed. */
  failed(error: unknown): void;
}

interface StainlessPromise {
  responsePromise: Promise<{ response?: Response }>;
  parseResponse: (client: unknown, props: { response?: Response }) => Promise<unknown>;
  parsedPromise?: unknown;
  asResponse: () => Promise<Response>;
}

interface StainlessStream {
  iterator?: () => AsyncIterator<unknown>;
  controller?: AbortController;
}

type Holder = { live: number; abandon: () => void };

// Limitation: a stream that is neither read to its end nor aborted ends its
// span only when the garbage collector reclaims it, which may be long after
// or, at process exit, never; its event then reports status `aborted`.
const abandoned: FinalizationRegistry<Holder> | undefined =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((holder) => {
      if (--holder.live === 0) holder.abandon();
    })
    : undefined;

/** Runs an observer hook; a failure in telemetry never reaches the caller. */
export function quietly(hook: () => void): void {
  try {
    hook();
  } catch {
    // Recording is best effort: the caller's result matters more.
  }
}

function isStainless(value: unknown): value is StainlessPromise {
  const p = value as Partial<StainlessPromise> | null;
  return !!p && typeof p.parseResponse === 'function' &&
    typeof p.asResponse === 'function' && p.responsePromise instanceof Promise;
}

/**
 * Observes `promise` and returns it, the same object. On an `APIPromise`
 * the hook sits in its parse step, so `await`, `withResponse()` and the
 * SDK's own helpers all see the value the wrapper saw, and `asResponse()`
 * still hands over an unread body.
 */
export function observeCall<P>(promise: P, observer: CallObserver): P {
  let settled = false;
  const once = (hook: () => void) => {
    if (settled) return;
    settled = true;
    quietly(hook);
  };
  if (isStainless(promise)) {
    const parse = promise.parseResponse;
    promise.parseResponse = async function (this: unknown, client, props) {
      try {
        const value = await parse.call(this, client, props);
        once(() => observer.value(value, props?.response));
        return value;
      } catch (error) {
        once(() => observer.error(error));
        throw error;
      }
    };
    promise.responsePromise.catch((error: unknown) => once(() => observer.error(error)));
    const asResponse = promise.asResponse;
    promise.asResponse = function (this: StainlessPromise) {
      // `withResponse()` parses first; a bare `asResponse()` never parses.
      if (!this.parsedPromise) {
        this.responsePromise.then(() => once(() => observer.raw()), () => undefined);
      }
      return asResponse.call(this);
    };
  } else if (promise instanceof Promise) {
    promise.then(
      (value: unknown) => once(() => observer.value(value, undefined)),
      (error: unknown) => once(() => observer.error(error)),
    );
  } else {
    once(() => observer.value(promise, undefined));
  }
  return promise;
}

/**
 * Whether `error` is the caller stopping the request: a fetch `AbortError`
 * or the SDK's `APIUserAbortError`, whose `name` is plain `Error` in `openai`.
 */
export function isUserAbort(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { name, constructor } = error as {
    name?: unknown; constructor?: { name?: string };
  };
  return name === 'AbortError' || name === 'APIUserAbortError' ||
    constructor?.name === 'APIUserAbortError';
}

/**
 * Observes a provider `Stream` in place: the object keeps its class and its
 * `controller`, `tee()` and `toReadableStream()`, which all read through
 * the observed iterator.
 */
export function observeStream(stream: object, observer: StreamObserver): void {
  let over = false;
  // Reads in flight and loops started, over every iterator of this stream.
  let pending = 0;
  let reading = 0;
  const end = (hook: () => void) => {
    if (over) return;
    over = true;
    quietly(hook);
  };
  const holder: Holder = { live: 1, abandon: () => end(() => observer.aborted()) };
  abandoned?.register(stream, holder);
  const target = stream as StainlessStream & Record<symbol, unknown>;
  const signal = target.controller?.signal;
  // The SDK also aborts its own controller when a read fails, so an abort
  // during a read is left to that read's outcome to classify.
  signal?.addEventListener('abort', () => {
    if (pending === 0) end(() => observer.aborted());
  }, { once: true });

  const read = async (source: AsyncIterator<unknown>) => {
    pending++;
    try {
      return await source.next();
    } finally {
      pending--;
    }
  };

  async function* observed(source: AsyncIterator<unknown>) {
    let finished = false;
    let received = false;
    reading++;
    try {
      for (;;) {
        const step = await read(source);
        if (step.done) break;
        received = true;
        let show = true;
        quietly(() => {
          if (!over) show = observer.item(step.value);
        });
        if (show) yield step.value;
      }
      finished = true;
      if (signal?.aborted) end(() => observer.aborted());
      else end(() => observer.done());
    } catch (error) {
      finished = true;
      // A second loop over a stream that another loop is reading fails at
      // once ("consumed"); the outcome belongs to the loop that reads.
      const stray = !received && reading > 1;
      if (!stray) {
        end(() => (isUserAbort(error) ? observer.aborted() : observer.failed(error)));
      }
      throw error;
    } finally {
      reading--;
      if (!finished) {
        end(() => observer.aborted());
        await source.return?.();
      }
    }
  }

  const start = (source: AsyncIterator<unknown>) => {
    const iterator = observed(source);
    holder.live++;
    abandoned?.register(iterator, holder);
    return iterator;
  };
  // No closure here may capture `stream`: the abort listener and the
  // registry's holder share this scope, and would keep it from collection.
  const key = typeof target.iterator === 'function' ? 'iterator' : Symbol.asyncIterator;
  const original = target[key as keyof StainlessStream] as () => AsyncIterator<unknown>;
  (target as Record<PropertyKey, unknown>)[key] = function (this: unknown) {
    return start(original.call(this));
  };
}
