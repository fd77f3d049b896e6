/**
 * Replacing one SDK method (`chat.completions.create`, `messages.create`)
 * with a traced one, in place, so that the client keeps its class, its
 * types and its private state, and the SDK's own helpers that call the
 * method (`messages.stream()`, `chat.completions.parse()`) are traced too.
 */
import { observeCall, observeStream } from './observe.js';
import {
  CallRecorder,
  type CallRequest,
  type CallResult,
  type Settings,
} from './shared.js';

/** Gathers a streamed answer item by item. */
export interface StreamAccumulator {
  /** Takes one item; false hides it from the caller. */
  add(item: unknown): boolean;
  /** What has arrived so far. */
  result(): CallResult;
}

/** How one API method's requests and answers are read. */
export interface Adapter<S = unknown> {
  /** The response header that carries the provider's request id. */
  requestIdHeader: string;
  /**
   * Reads a request. `body`, when given, is sent instead of the caller's
   * (which is never mutated); `state` is handed to `stream`.
   */
  prepare(body: Record<string, unknown>): {
    request: CallRequest;
    body?: Record<string, unknown>;
    state?: S;
  };
  /** Reads a complete answer. */
  result(value: unknown): CallResult;
  /** Starts gathering a streamed answer. */
  stream(recorder: CallRecorder, state: S | undefined): StreamAccumulator;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

// The untraced method, kept on its replacement so that wrapping a client
// again swaps the tracing instead of stacking a second layer.
const ORIGINAL = Symbol.for('robotforge.original');

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const isStream = (value: unknown): value is object =>
  isRecord(value) &&
  typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function';

/**
 * Replaces `owner[key]` with a traced version. Does nothing when the
 * method is missing (an SDK version without that API).
 */
export function interceptMethod<S>(
  owner: unknown,
  key: string,
  settings: Settings,
  adapter: Adapter<S>,
): void {
  if (!isRecord(owner) || typeof owner[key] !== 'function') return;
  const current = owner[key] as Method & { [ORIGINAL]?: Method };
  const original = current[ORIGINAL] ?? current;

  const traced = function (this: unknown, body: unknown, ...rest: unknown[]): unknown {
    if (!settings.telemetry.recording || !isRecord(body)) {
      return original.call(this, body, ...rest);
    }
    let prepared: ReturnType<Adapter<S>['prepare']>;
    let recorder: CallRecorder;
    try {
      prepared = adapter.prepare(body);
      recorder = new CallRecorder(settings, prepared.request);
    } catch {
      // A request the adapter cannot read is still the caller's to send.
      return original.call(this, body, ...rest);
    }
    let promise: unknown;
    try {
      promise = original.call(this, prepared.body ?? body, ...rest);
    } catch (error) {
      recorder.fail(error);
      throw error;
    }
    return observeCall(promise, {
      value(value, response) {
        const requestId = response?.headers?.get(adapter.requestIdHeader);
        if (requestId) recorder.span.setMetadata('requestId', requestId);
        if (prepared.request.stream && isStream(value)) {
          watch(value, recorder, adapter.stream(recorder, prepared.state));
        } else recorder.finish(adapter.result(value));
      },
      error: (error) => recorder.fail(error),
      raw: () => recorder.finish({}),
    });
  };
  Object.defineProperty(traced, ORIGINAL, { value: original });
  Object.defineProperty(traced, 'name', { value: original.name, configurable: true });
  owner[key] = traced;
}

function watch(
  stream: object,
  recorder: CallRecorder,
  gathered: StreamAccumulator,
): void {
  observeStream(stream, {
    item: (item) => gathered.add(item),
    done: () => recorder.finish(gathered.result()),
    aborted: () => recorder.finish(gathered.result(), 'aborted'),
    failed: (error) => recorder.fail(error, gathered.result()),
  });
}
