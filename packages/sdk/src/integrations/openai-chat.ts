/**
 * Reading OpenAI chat completions (`chat.completions.create`): the request,
 * a complete answer, and a streamed one chunk by chunk.
 */
import type { TokenCounts } from '../core/span.js';
import type { Adapter, StreamAccumulator } from './intercept.js';
import {
  numbers,
  pick,
  shapeOutput,
  type CallRecorder,
  type CallResult,
  type RecordedToolCall,
} from './shared.js';

const CHAT_PARAMETERS = [
  'temperature', 'top_p', 'max_tokens', 'max_completion_tokens', 'frequency_penalty',
  'presence_penalty', 'seed', 'stop', 'n', 'logprobs', 'top_logprobs', 'reasoning_effort',
  'verbosity', 'response_format', 'tool_choice', 'parallel_tool_calls', 'service_tier',
] as const;

type Json = Record<string, any>;

/** OpenAI's usage object (chat and embeddings) as token counts. */
export function openAIChatTokens(
  usage: Json | null | undefined,
): TokenCounts | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  return numbers({
    input: usage.prompt_tokens,
    output: usage.completion_tokens,
    total: usage.total_tokens,
    cacheRead: usage.prompt_tokens_details?.cached_tokens,
    reasoning: usage.completion_tokens_details?.reasoning_tokens,
  });
}

function toolNames(tools: unknown): string[] | undefined {
  if (!Array.isArray(tools)) return undefined;
  return tools.map((tool: Json) =>
    String(tool?.function?.name ?? tool?.name ?? tool?.type));
}

function messageOutput(message: Json | undefined): unknown {
  const calls: RecordedToolCall[] = (message?.tool_calls ?? []).map((call: Json) => ({
    id: call.id,
    name: call.function?.name ?? call.custom?.name,
    arguments: call.function?.arguments ?? call.custom?.input,
  }));
  return shapeOutput(message?.content ?? message?.refusal ?? '', calls);
}

interface ChatState {
  /** The wrapper asked for usage itself, so the caller must not see it. */
  hideUsage: boolean;
}

/** `chat.completions.create`. */
export const chatAdapter: Adapter<ChatState> = {
  requestIdHeader: 'x-request-id',

  prepare(body) {
    const stream = body.stream === true;
    const options = (body.stream_options ?? {}) as Json;
    const hideUsage = stream && options.include_usage !== true;
    return {
      request: {
        operation: 'openai.chat.completions.create',
        provider: 'openai',
        model: typeof body.model === 'string' ? body.model : undefined,
        input: body.messages,
        parameters: pick(body, CHAT_PARAMETERS),
        tools: toolNames(body.tools),
        stream,
      },
      // Without usage a stream's cost is unknown; ask for it and hide the
      // extra chunk, so the caller reads what it would have read anyway.
      ...(hideUsage && {
        body: { ...body, stream_options: { ...options, include_usage: true } },
      }),
      state: { hideUsage },
    };
  },

  result(value) {
    const completion = (value ?? {}) as Json;
    const choices: Json[] = Array.isArray(completion.choices) ? completion.choices : [];
    const outputs = choices.map((choice) => messageOutput(choice.message));
    return {
      output: outputs.length === 1 ? outputs[0] : outputs,
      responseModel: completion.model,
      responseId: completion.id,
      finishReason: choices[0]?.finish_reason,
      tokens: openAIChatTokens(completion.usage),
      extra: completion.system_fingerprint
        ? { systemFingerprint: completion.system_fingerprint }
        : {},
    };
  },

  stream: (recorder, state) => new ChatStream(recorder, state?.hideUsage ?? false),
};

interface ChoiceSoFar {
  text: string;
  calls: Map<number, { id?: string; name?: string; arguments: string }>;
  finishReason?: string;
}

class ChatStream implements StreamAccumulator {
  #recorder: CallRecorder;
  #hideUsage: boolean;
  #choices = new Map<number, ChoiceSoFar>();
  #id: string | undefined;
  #model: string | undefined;
  #fingerprint: string | undefined;
  #usage: Json | undefined;

  constructor(recorder: CallRecorder, hideUsage: boolean) {
    this.#recorder = recorder;
    this.#hideUsage = hideUsage;
  }

  add(item: unknown): boolean {
    const chunk = (item ?? {}) as Json;
    this.#id ??= chunk.id;
    this.#model ??= chunk.model;
    this.#fingerprint ??= chunk.system_fingerprint ?? undefined;
    if (chunk.usage) this.#usage = chunk.usage;
    const choices: Json[] = Array.isArray(chunk.choices) ? chunk.choices : [];
    for (const choice of choices) this.#addChoice(choice);

    if (!this.#hideUsage) return true;
    if (choices.length === 0 && chunk.usage) return false;
    // Asking for usage also adds `usage: null` to every other chunk.
    if (chunk.usage === null) delete chunk.usage;
    return true;
  }

  #addChoice(choice: Json): void {
    const index = typeof choice.index === 'number' ? choice.index : 0;
    let soFar = this.#choices.get(index);
    if (!soFar) this.#choices.set(index, (soFar = { text: '', calls: new Map() }));
    const delta = (choice.delta ?? {}) as Json;
    const text = delta.content ?? delta.refusal;
    if (typeof text === 'string' && text !== '') {
      soFar.text += text;
      this.#recorder.firstToken();
    }
    for (const call of (delta.tool_calls ?? []) as Json[]) {
      const at = typeof call.index === 'number' ? call.index : soFar.calls.size;
      let gathered = soFar.calls.get(at);
      if (!gathered) soFar.calls.set(at, (gathered = { arguments: '' }));
      if (call.id) gathered.id = call.id;
      if (call.function?.name) gathered.name = call.function.name;
      if (typeof call.function?.arguments === 'string') {
        gathered.arguments += call.function.arguments;
      }
      this.#recorder.firstToken();
    }
    if (choice.finish_reason) soFar.finishReason = choice.finish_reason;
  }

  result(): CallResult {
    const ordered = [...this.#choices.entries()].sort(([a], [b]) => a - b);
    const outputs = ordered.map(([, c]) => shapeOutput(c.text, [...c.calls.values()]
      .map((call) => ({ id: call.id, name: call.name, arguments: call.arguments }))));
    return {
      output: outputs.length > 1 ? outputs : (outputs[0] ?? ''),
      responseModel: this.#model,
      responseId: this.#id,
      finishReason: ordered[0]?.[1].finishReason,
      tokens: openAIChatTokens(this.#usage),
      extra: this.#fingerprint ? { systemFingerprint: this.#fingerprint } : {},
    };
  }
}
