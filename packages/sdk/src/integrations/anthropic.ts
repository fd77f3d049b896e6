/**
 * `@robotforge/sdk/anthropic`: traces an `@anthropic-ai/sdk` client's
 * `messages.create`, plain and streamed, without hand-written spans.
 *
 * Anthropic's `input_tokens` leaves out cache reads and writes; the event's
 * `tokens.input` adds them back, so that `input` counts every prompt token
 * for every provider, with `cacheRead` and `cacheCreation` as its parts.
 */
import type { TokenCounts } from '../core/span.js';
import { interceptMethod, type Adapter, type StreamAccumulator } from './intercept.js';
import {
  numbers,
  pick,
  resolveSettings,
  shapeOutput,
  type CallRecorder,
  type CallResult,
  type IntegrationOptions,
  type RecordedToolCall,
} from './shared.js';

const MESSAGE_PARAMETERS = [
  'max_tokens', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'tool_choice',
  'thinking', 'service_tier',
] as const;

type Json = Record<string, any>;

function anthropicTokens(
  usage: Json | undefined,
  withOutput = true,
): TokenCounts | undefined {
  if (!usage || typeof usage.input_tokens !== 'number') return undefined;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheCreation = usage.cache_creation_input_tokens ?? 0;
  const input = usage.input_tokens + cacheRead + cacheCreation;
  const output = withOutput ? usage.output_tokens : undefined;
  return numbers({
    input,
    output,
    total: typeof output === 'number' ? input + output : undefined,
    cacheRead: usage.cache_read_input_tokens,
    cacheCreation: usage.cache_creation_input_tokens,
  });
}

function toolCallOf(block: Json): RecordedToolCall | undefined {
  if (block?.type !== 'tool_use' && block?.type !== 'server_tool_use') return undefined;
  return { id: block.id, name: block.name, arguments: block.input };
}

function blocksOutput(blocks: Json[]): unknown {
  const text = blocks.filter((b) => b?.type === 'text').map((b) => b.text ?? '').join('');
  const calls = blocks.map(toolCallOf).filter((c): c is RecordedToolCall => !!c);
  return shapeOutput(text, calls);
}

/** `messages.create`. */
const messagesAdapter: Adapter = {
  requestIdHeader: 'request-id',

  prepare(body) {
    return {
      request: {
        operation: 'anthropic.messages.create',
        provider: 'anthropic',
        model: typeof body.model === 'string' ? body.model : undefined,
        input: body.system === undefined
          ? body.messages
          : { system: body.system, messages: body.messages },
        parameters: pick(body, MESSAGE_PARAMETERS),
        tools: Array.isArray(body.tools)
          ? body.tools.map((tool: Json) => String(tool?.name ?? tool?.type))
          : undefined,
        stream: body.stream === true,
      },
    };
  },

  result(value) {
    const message = (value ?? {}) as Json;
    return {
      output: blocksOutput(Array.isArray(message.content) ? message.content : []),
      responseModel: message.model,
      responseId: message.id,
      finishReason: message.stop_reason,
      tokens: anthropicTokens(message.usage),
    };
  },

  stream: (recorder) => new MessageStream(recorder),
};

class MessageStream implements StreamAccumulator {
  #recorder: CallRecorder;
  #message: Json = {};
  #usage: Json | undefined;
  // Output tokens count only once `message_delta` gives the final number.
  #outputFinal = false;
  #blocks = new Map<number, Json>();
  #json = new Map<number, string>();
  #stopReason: string | undefined;

  constructor(recorder: CallRecorder) {
    this.#recorder = recorder;
  }

  add(item: unknown): boolean {
    const event = (item ?? {}) as Json;
    switch (event.type) {
      case 'message_start':
        this.#message = event.message ?? {};
        this.#usage = { ...this.#message.usage };
        break;
      case 'content_block_start':
        this.#blocks.set(event.index, { ...event.content_block });
        break;
      case 'content_block_delta':
        this.#delta(event.index, event.delta ?? {});
        break;
      case 'message_delta':
        this.#stopReason = event.delta?.stop_reason ?? this.#stopReason;
        this.#usage = { ...this.#usage, ...withoutNulls(event.usage) };
        this.#outputFinal = typeof event.usage?.output_tokens === 'number';
        break;
    }
    return true;
  }

  #delta(index: number, delta: Json): void {
    const block = this.#blocks.get(index) ?? {};
    this.#blocks.set(index, block);
    if (delta.type === 'text_delta') block.text = (block.text ?? '') + (delta.text ?? '');
    else if (delta.type === 'input_json_delta') {
      this.#json.set(index, (this.#json.get(index) ?? '') + (delta.partial_json ?? ''));
    } else if (delta.type !== 'thinking_delta') return;
    this.#recorder.firstToken();
  }

  result(): CallResult {
    const ordered = [...this.#blocks.entries()].sort(([a], [b]) => a - b);
    const blocks = ordered.map(([i, block]) => {
      const json = this.#json.get(i);
      return json === undefined ? block : { ...block, input: parseOr(json) };
    });
    return {
      output: blocksOutput(blocks),
      responseModel: this.#message.model,
      responseId: this.#message.id,
      finishReason: this.#stopReason,
      tokens: anthropicTokens(this.#usage, this.#outputFinal),
    };
  }
}

function withoutNulls(usage: Json | undefined): Json {
  const kept: Json = {};
  for (const [key, value] of Object.entries(usage ?? {})) {
    if (value != null) kept[key] = value;
  }
  return kept;
}

/** The tool input as an object once complete; the raw text if cut short. */
function parseOr(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

/** Options of {@link wrapAnthropic}. */
export type AnthropicWrapOptions = IntegrationOptions;

/**
 * Traces `messages.create` of an `@anthropic-ai/sdk` client, plain and
 * streamed (which covers `messages.stream()`, built on it), and returns
 * the same client with the same results, streams and errors. Usage
 * includes cache reads (`cacheRead`) and cache writes (`cacheCreation`).
 *
 * @example
 * ```ts
 * import Anthropic from '@anthropic-ai/sdk';
 * import { wrapAnthropic } from '@robotforge/sdk/anthropic';
 *
 * const anthropic = wrapAnthropic(new Anthropic(), { telemetry });
 * ```
 */
export function wrapAnthropic<T extends object>(
  client: T,
  options: AnthropicWrapOptions,
): T {
  const settings = resolveSettings(options, 'wrapAnthropic');
  interceptMethod((client as Record<string, any>).messages, 'create', settings,
    messagesAdapter);
  return client;
}

export type { IntegrationOptions, UsageSource, RecordedToolCall } from './shared.js';
export {
  setModelPrices,
  PRICE_TABLE_VERSION,
  type ModelPrice,
  type ModelPrices,
} from './pricing.js';
