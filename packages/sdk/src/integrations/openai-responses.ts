/**
 * Reading OpenAI's Responses API (`responses.create`, plain and streamed)
 * and embeddings (`embeddings.create`).
 */
import type { TokenCounts } from '../core/span.js';
import type { Adapter, StreamAccumulator } from './intercept.js';
import { openAIChatTokens } from './openai-chat.js';
import {
  numbers,
  pick,
  shapeOutput,
  type CallRecorder,
  type CallResult,
  type RecordedToolCall,
} from './shared.js';

const RESPONSES_PARAMETERS = [
  'temperature', 'top_p', 'max_output_tokens', 'max_tool_calls', 'reasoning', 'text',
  'tool_choice', 'parallel_tool_calls', 'truncation', 'service_tier',
  'previous_response_id', 'store', 'background', 'top_logprobs',
] as const;

type Json = Record<string, any>;

function responsesTokens(usage: Json | null | undefined): TokenCounts | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  return numbers({
    input: usage.input_tokens,
    output: usage.output_tokens,
    total: usage.total_tokens,
    cacheRead: usage.input_tokens_details?.cached_tokens,
    reasoning: usage.output_tokens_details?.reasoning_tokens,
  });
}

function toolCallOf(item: Json): RecordedToolCall | undefined {
  if (item?.type === 'function_call') {
    return { id: item.call_id, name: item.name, arguments: item.arguments };
  }
  if (item?.type === 'custom_tool_call') {
    return { id: item.call_id, name: item.name, arguments: item.input };
  }
  return undefined;
}

function textOf(items: Json[]): string {
  let text = '';
  for (const item of items) {
    if (item?.type !== 'message' || !Array.isArray(item.content)) continue;
    for (const part of item.content) {
      if (part?.type === 'output_text') text += part.text ?? '';
      else if (part?.type === 'refusal') text += part.refusal ?? '';
    }
  }
  return text;
}

/** A whole `Response` object, from `create()` or a stream's last event. */
function responseResult(response: Json): CallResult {
  const items: Json[] = Array.isArray(response.output) ? response.output : [];
  const calls = items.map(toolCallOf).filter((c): c is RecordedToolCall => !!c);
  return {
    output: shapeOutput(textOf(items), calls),
    responseModel: response.model,
    responseId: response.id,
    finishReason: response.incomplete_details?.reason ?? response.status,
    tokens: responsesTokens(response.usage),
    ...(response.error && { error: response.error }),
  };
}

/** `responses.create`. */
export const responsesAdapter: Adapter = {
  requestIdHeader: 'x-request-id',

  prepare(body) {
    const tools = Array.isArray(body.tools)
      ? body.tools.map((tool: Json) => String(tool?.name ?? tool?.type))
      : undefined;
    return {
      request: {
        operation: 'openai.responses.create',
        provider: 'openai',
        model: typeof body.model === 'string' ? body.model : undefined,
        input: body.instructions === undefined
          ? body.input
          : { instructions: body.instructions, input: body.input },
        parameters: pick(body, RESPONSES_PARAMETERS),
        tools,
        stream: body.stream === true,
      },
    };
  },

  result: (value) => responseResult((value ?? {}) as Json),
  stream: (recorder) => new ResponsesStream(recorder),
};

class ResponsesStream implements StreamAccumulator {
  #recorder: CallRecorder;
  #final: Json | undefined;
  #started: Json = {};
  #text = '';
  #calls = new Map<string, RecordedToolCall & { arguments: string }>();
  #error: unknown;

  constructor(recorder: CallRecorder) {
    this.#recorder = recorder;
  }

  add(item: unknown): boolean {
    const event = (item ?? {}) as Json;
    switch (event.type) {
      case 'response.created':
      case 'response.in_progress':
        this.#started = event.response ?? this.#started;
        break;
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        this.#text += event.delta ?? '';
        this.#recorder.firstToken();
        break;
      case 'response.output_item.added':
        if (event.item?.type === 'function_call') {
          this.#calls.set(event.item.id, { id: event.item.call_id, name: event.item.name,
            arguments: '' });
        }
        break;
      case 'response.function_call_arguments.delta': {
        const call = this.#calls.get(event.item_id);
        if (call) call.arguments += event.delta ?? '';
        this.#recorder.firstToken();
        break;
      }
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed':
        this.#final = event.response;
        break;
      case 'error':
        this.#error = event;
        break;
    }
    return true;
  }

  result(): CallResult {
    if (this.#final) {
      const whole = responseResult(this.#final);
      return this.#error === undefined ? whole : { ...whole, error: this.#error };
    }
    return {
      output: shapeOutput(this.#text, [...this.#calls.values()]),
      responseModel: this.#started.model,
      responseId: this.#started.id,
      ...(this.#error !== undefined && { error: this.#error }),
    };
  }
}

/** `embeddings.create`: the vectors are never recorded, only their shape. */
export const embeddingsAdapter: Adapter = {
  requestIdHeader: 'x-request-id',

  prepare(body) {
    return {
      request: {
        operation: 'openai.embeddings.create',
        provider: 'openai',
        model: typeof body.model === 'string' ? body.model : undefined,
        input: body.input,
        parameters: pick(body, ['dimensions', 'encoding_format']),
        tools: undefined,
        stream: false,
      },
    };
  },

  result(value) {
    const list = (value ?? {}) as Json;
    const data: Json[] = Array.isArray(list.data) ? list.data : [];
    const dimensions = data[0]?.embedding?.length;
    const tokens = openAIChatTokens(list.usage);
    // An embedding generates no tokens: a known 0, so the input prices the call.
    if (tokens?.input !== undefined) tokens.output ??= 0;
    return {
      responseModel: list.model,
      tokens,
      extra: {
        embeddings: data.length,
        ...(typeof dimensions === 'number' && { dimensions }),
      },
    };
  },

  stream: () => ({ add: () => true, result: () => ({}) }),
};
