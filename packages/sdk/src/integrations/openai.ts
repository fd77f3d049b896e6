/**
 * `@robotforge/sdk/openai`: traces an `openai` client's chat completions,
 * responses and embeddings without hand-written spans.
 *
 * It takes the user's own `TelemetryClient`, whichever runtime entry made
 * it, and imports no runtime entry itself, so it works wherever the
 * `openai` package does.
 */
import { chatAdapter } from './openai-chat.js';
import { embeddingsAdapter, responsesAdapter } from './openai-responses.js';
import { interceptMethod } from './intercept.js';
import { resolveSettings, type IntegrationOptions } from './shared.js';

/** Options of {@link wrapOpenAI}. */
export interface OpenAIWrapOptions extends IntegrationOptions {
  /**
   * On a chat stream whose caller did not set
   * `stream_options.include_usage`, ask for usage anyway and hide the extra
   * usage-only chunk from the caller; default true. Turn it off for an
   * OpenAI-compatible server that rejects `stream_options`: such streams
   * then record an estimate (`usageSource: 'estimated'`).
   */
  includeStreamUsage?: boolean;
}

/**
 * Traces `chat.completions.create`, `responses.create` and
 * `embeddings.create` of an `openai` client, plain and streamed, and
 * returns the same client. Results, `APIPromise` helpers
 * (`withResponse()`, `asResponse()`), `Stream` objects and errors are the
 * ones the client would give unwrapped. Each call becomes a model call
 * event nested under the active span, with usage, cost, finish reason and,
 * for streams, the time to the first token.
 *
 * The methods are replaced on the client itself, so calls made through
 * the SDK's helpers (`chat.completions.parse()`, `.stream()`) are traced
 * too; wrapping the same client again replaces the tracing options.
 *
 * A stream's event is sent when the stream is read to its end, fails, or is
 * left early (`break`, `stream.controller.abort()`: status `aborted`, the
 * partial output, usage only if the provider had sent it). A stream never
 * read to its end is reported as `aborted` once garbage-collected, which is
 * best effort: at process exit it may never be reported.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import { TelemetryClient } from '@robotforge/sdk';
 * import { wrapOpenAI } from '@robotforge/sdk/openai';
 *
 * const telemetry = new TelemetryClient({ apiKey: process.env.ROBOTFORGE_API_KEY });
 * const openai = wrapOpenAI(new OpenAI(), { telemetry });
 * const answer = await openai.chat.completions.create({
 *   model: 'gpt-4o-mini',
 *   messages: [{ role: 'user', content: 'Hello' }],
 * });
 * ```
 */
export function wrapOpenAI<T extends object>(client: T, options: OpenAIWrapOptions): T {
  const settings = resolveSettings(options, 'wrapOpenAI');
  const openai = client as Record<string, any>;
  const chat = options.includeStreamUsage === false
    ? { ...chatAdapter, prepare: withoutUsageRequest(chatAdapter.prepare) }
    : chatAdapter;
  // Limitation: clients derived later with `withOptions()` are new objects
  // and are not traced; wrap them as well.
  interceptMethod(openai.chat?.completions, 'create', settings, chat);
  interceptMethod(openai.responses, 'create', settings, responsesAdapter);
  interceptMethod(openai.embeddings, 'create', settings, embeddingsAdapter);
  return client;
}

type Prepare = typeof chatAdapter.prepare;

function withoutUsageRequest(prepare: Prepare): Prepare {
  return (body) => {
    const { request } = prepare(body);
    return { request, state: { hideUsage: false } };
  };
}

export type { IntegrationOptions, UsageSource, RecordedToolCall } from './shared.js';
export {
  setModelPrices,
  PRICE_TABLE_VERSION,
  type ModelPrice,
  type ModelPrices,
} from './pricing.js';
