/**
 * `@robotforge/sdk/ai-sdk`: a language-model middleware for the Vercel AI
 * SDK (`ai` 5), so that `generateText`, `streamText`, `generateObject` and
 * `streamObject` record one model call event per step, tool calls
 * included, without hand-written spans. Tool executions themselves run in
 * the AI SDK; trace them with `traceToolExecution` inside `execute`.
 */
// Limitation: written for the V2 model spec of `ai` 5. Usage and finish
// reasons of the V3 spec (`ai` 6) are read too, but that version is not
// tested here: it needs Node 22.
import type { LanguageModelMiddleware } from 'ai';
import type { TokenCounts } from '../core/span.js';
import { quietly } from './observe.js';
import {
  CallRecorder,
  numbers,
  pick,
  resolveSettings,
  shapeOutput,
  type CallResult,
  type IntegrationOptions,
  type RecordedToolCall,
  type Settings,
} from './shared.js';

/** Options of {@link robotforgeMiddleware}. */
export type AISDKMiddlewareOptions = IntegrationOptions;

const CALL_PARAMETERS = [
  'maxOutputTokens', 'temperature', 'topP', 'topK', 'presencePenalty', 'frequencyPenalty',
  'seed', 'stopSequences', 'toolChoice',
] as const;

type Json = Record<string, any>;
type Model = { provider?: string; modelId?: string };

/**
 * Returns a middleware that traces every call of the model it wraps.
 *
 * @example
 * ```ts
 * import { generateText, wrapLanguageModel } from 'ai';
 * import { openai } from '@ai-sdk/openai';
 * import { robotforgeMiddleware } from '@robotforge/sdk/ai-sdk';
 *
 * const model = wrapLanguageModel({
 *   model: openai('gpt-4o-mini'),
 *   middleware: robotforgeMiddleware({ telemetry }),
 * });
 * const { text } = await generateText({ model, prompt: 'Hello' });
 * ```
 */
export function robotforgeMiddleware(
  options: AISDKMiddlewareOptions,
): LanguageModelMiddleware {
  const settings = resolveSettings(options, 'robotforgeMiddleware');
  return {
    middlewareVersion: 'v2',

    async wrapGenerate({ doGenerate, params, model }) {
      const recorder = start(settings, params as Json, model, false);
      if (!recorder) return doGenerate();
      try {
        const result = await doGenerate();
        quietly(() => recorder.finish(generated(result as Json, model)));
        return result;
      } catch (error) {
        quietly(() => recorder.fail(error));
        throw error;
      }
    },

    async wrapStream({ doStream, params, model }) {
      const recorder = start(settings, params as Json, model, true);
      if (!recorder) return doStream();
      try {
        const result = await doStream();
        const signal = (params as Json).abortSignal as AbortSignal | undefined;
        const stream = observeParts(result.stream, recorder, model, signal);
        return { ...result, stream };
      } catch (error) {
        quietly(() => recorder.fail(error));
        throw error;
      }
    },
  };
}

/** `openai.chat` → `openai`, `google.generative-ai` → `google`. */
const providerOf = (model: Model) => String(model.provider ?? 'unknown').split('.')[0]!;

function start(settings: Settings, params: Json, model: Model, stream: boolean) {
  if (!settings.telemetry.recording) return undefined;
  try {
    return new CallRecorder(settings, {
      operation: stream ? 'ai-sdk.stream' : 'ai-sdk.generate',
      provider: providerOf(model),
      model: model.modelId,
      input: params.prompt,
      parameters: pick(params, CALL_PARAMETERS),
      tools: Array.isArray(params.tools)
        ? params.tools.map((tool: Json) => String(tool?.name))
        : undefined,
      stream,
    });
  } catch {
    return undefined;
  }
}

/** Usage of the V2 spec, and of V3 (nested `{ total, cacheRead, … }` objects). */
function tokensOf(usage: Json | undefined, metadata: Json | undefined, model: Model) {
  if (!usage) return undefined;
  const { inputTokens: input, outputTokens: output } = usage;
  if (input !== null && typeof input === 'object') {
    return numbers({
      input: input.total, output: output?.total, cacheRead: input.cacheRead,
      cacheCreation: input.cacheWrite, reasoning: output?.reasoning,
    });
  }
  const tokens: TokenCounts | undefined = numbers({
    input, output, total: usage.totalTokens,
    cacheRead: usage.cachedInputTokens, reasoning: usage.reasoningTokens,
  });
  // The V2 Anthropic provider reports `input_tokens` as is, without the
  // cached part; count every prompt token, as for other providers.
  const written = metadata?.anthropic?.cacheCreationInputTokens;
  if (tokens && providerOf(model) === 'anthropic' && tokens.input !== undefined) {
    if (typeof written === 'number') tokens.cacheCreation = written;
    tokens.input += (tokens.cacheRead ?? 0) + (tokens.cacheCreation ?? 0);
    if (tokens.output !== undefined) tokens.total = tokens.input + tokens.output;
  }
  return tokens;
}

const reasonOf = (reason: unknown) =>
  reason !== null && typeof reason === 'object' ? (reason as Json).unified : reason;

function callOf(part: Json): RecordedToolCall {
  return { id: part.toolCallId, name: part.toolName, arguments: part.input };
}

function generated(result: Json, model: Model): CallResult {
  const content: Json[] = Array.isArray(result.content) ? result.content : [];
  const text = content.filter((p) => p.type === 'text').map((p) => p.text).join('');
  const calls = content.filter((p) => p.type === 'tool-call').map(callOf);
  return {
    output: shapeOutput(text, calls),
    responseModel: result.response?.modelId,
    responseId: result.response?.id,
    finishReason: reasonOf(result.finishReason) as string | undefined,
    tokens: tokensOf(result.usage, result.providerMetadata, model),
  };
}

/**
 * Passes the model's stream parts through unchanged while gathering them.
 * Cancelling the returned stream (the caller stopped reading) ends the
 * span as `aborted`.
 */
// Limitation: a stream that is neither read to its end nor cancelled (a
// `streamText` result dropped unread) never ends its span, so no event is
// sent for it; the AI SDK reads its model's stream itself in most uses.
function observeParts<P>(
  source: ReadableStream<P>,
  recorder: CallRecorder,
  model: Model,
  signal: AbortSignal | undefined,
): ReadableStream<P> {
  const reader = source.getReader();
  const gathered = { text: '', calls: [] as RecordedToolCall[], finish: {} as Json,
    meta: {} as Json, error: undefined as unknown };
  const result = (): CallResult => ({
    output: shapeOutput(gathered.text, gathered.calls),
    responseModel: gathered.meta.modelId,
    responseId: gathered.meta.id,
    finishReason: reasonOf(gathered.finish.finishReason) as string | undefined,
    tokens: tokensOf(gathered.finish.usage, gathered.finish.providerMetadata, model),
    ...(gathered.error !== undefined && { error: gathered.error }),
  });
  const take = (part: Json) => {
    if (part.type === 'text-delta') gathered.text += part.delta ?? part.textDelta ?? '';
    else if (part.type === 'tool-call') gathered.calls.push(callOf(part));
    else if (part.type === 'response-metadata') Object.assign(gathered.meta, part);
    else if (part.type === 'finish') gathered.finish = part;
    else if (part.type === 'error') gathered.error = part.error;
    if (/^(text|reasoning|tool-input)-delta$|^tool-call$/.test(part.type)) {
      recorder.firstToken();
    }
  };

  return new ReadableStream<P>({
    async pull(controller) {
      let step: ReadableStreamReadResult<P>;
      try {
        step = await reader.read();
      } catch (error) {
        quietly(() => (signal?.aborted
          ? recorder.finish(result(), 'aborted')
          : recorder.fail(error, result())));
        controller.error(error);
        return;
      }
      if (step.done) {
        quietly(() => recorder.finish(result()));
        controller.close();
        return;
      }
      quietly(() => take(step.value as Json));
      controller.enqueue(step.value);
    },
    async cancel(reason) {
      quietly(() => recorder.finish(result(), 'aborted'));
      await reader.cancel(reason);
    },
  });
}
