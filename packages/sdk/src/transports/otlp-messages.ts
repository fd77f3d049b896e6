/**
 * Captured prompts and answers in the shape the GenAI conventions give
 * `gen_ai.input.messages`, `gen_ai.output.messages` and
 * `gen_ai.system_instructions`: messages of a role and typed parts
 * (`text`, `tool_call`, `tool_call_response`). The provider shapes the
 * integrations record (OpenAI chat and responses, Anthropic messages) are
 * converted; anything else is left to a plain `robotforge.*` attribute.
 */

type Json = Record<string, unknown>;

/** One part of a message, as the conventions define them. */
export type MessagePart = { type: string } & Json;

/** A message of the conventions: a role and its parts. */
export interface ConventionMessage {
  role: string;
  parts: MessagePart[];
  finish_reason?: string;
}

/** What a model call's captured input becomes. */
export interface ConvertedInput {
  messages: ConventionMessage[];
  /** System instructions given apart from the chat history. */
  system?: MessagePart[];
}

const TEXT_BLOCKS = new Set(['text', 'input_text', 'output_text']);

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses JSON text; a string that is not JSON stays a string. */
function parse(text: string): unknown {
  const first = text.trimStart()[0];
  if (first !== '[' && first !== '{' && first !== '"') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Tool arguments as an object when they are JSON text, as the conventions ask. */
function argumentsOf(value: unknown): unknown {
  return typeof value === 'string' ? parse(value) : (value ?? null);
}

function partsOf(content: unknown): MessagePart[] | undefined {
  if (typeof content === 'string') return [{ type: 'text', content }];
  if (!Array.isArray(content)) return undefined;
  return content.map((block): MessagePart => {
    if (typeof block === 'string') return { type: 'text', content: block };
    if (!isObject(block)) return { type: 'unknown' };
    const type = typeof block.type === 'string' ? block.type : 'unknown';
    if (TEXT_BLOCKS.has(type)) return { type: 'text', content: String(block.text ?? '') };
    if (type === 'tool_use') {
      return { type: 'tool_call', id: block.id, name: block.name, arguments: block.input };
    }
    if (type === 'tool_result') {
      return { type: 'tool_call_response', id: block.tool_use_id, response: block.content };
    }
    // Images, files and the like: the kind is kept, the bytes are not.
    return { type };
  });
}

function messageOf(value: unknown): ConventionMessage | undefined {
  if (!isObject(value) || typeof value.role !== 'string') return undefined;
  if (Array.isArray(value.parts)) return value as unknown as ConventionMessage;

  if (value.role === 'tool' && typeof value.tool_call_id === 'string') {
    const part = { type: 'tool_call_response', id: value.tool_call_id,
      response: value.content };
    return { role: 'tool', parts: [part] };
  }
  const parts = value.content == null ? [] : partsOf(value.content);
  if (!parts) return undefined;
  if (Array.isArray(value.tool_calls)) {
    for (const call of value.tool_calls) {
      if (!isObject(call)) continue;
      const fn = isObject(call.function) ? call.function : {};
      parts.push({ type: 'tool_call', id: call.id, name: fn.name,
        arguments: argumentsOf(fn.arguments) });
    }
  }
  return { role: value.role, parts };
}

function messagesOf(value: unknown): ConventionMessage[] | undefined {
  if (typeof value === 'string') {
    return [{ role: 'user', parts: [{ type: 'text', content: value }] }];
  }
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const messages = value.map(messageOf);
  const complete = messages.every((m) => m !== undefined);
  return complete ? (messages as ConventionMessage[]) : undefined;
}

/**
 * A model call's captured input as convention messages: a message array,
 * `{ system, messages }` (Anthropic) or `{ instructions, input }` (OpenAI
 * responses), or a plain prompt.
 * @returns undefined when the input has none of these shapes.
 */
export function toInputMessages(text: string): ConvertedInput | undefined {
  const value = parse(text);
  if (isObject(value)) {
    const system = value.system ?? value.instructions;
    const messages = messagesOf(value.messages ?? value.input);
    if (!messages) return undefined;
    const parts = system === undefined ? undefined : partsOf(system);
    return parts ? { messages, system: parts } : { messages };
  }
  const messages = messagesOf(value);
  return messages ? { messages } : undefined;
}

/**
 * A model call's captured output as convention messages, one per choice:
 * text, `{ text, toolCalls }` as the integrations record it, or an array
 * of either.
 */
export function toOutputMessages(
  text: string,
  finishReason: string,
): ConventionMessage[] | undefined {
  const value = parse(text);
  const choices = Array.isArray(value) ? value : [value];
  const messages: ConventionMessage[] = [];
  for (const choice of choices) {
    const parts = choiceParts(choice);
    if (!parts) return undefined;
    messages.push({ role: 'assistant', parts, finish_reason: finishReason });
  }
  return messages.length > 0 ? messages : undefined;
}

function choiceParts(choice: unknown): MessagePart[] | undefined {
  if (typeof choice === 'string') return [{ type: 'text', content: choice }];
  if (!isObject(choice) || !('text' in choice || 'toolCalls' in choice)) return undefined;
  const parts: MessagePart[] = [];
  if (typeof choice.text === 'string' && choice.text) {
    parts.push({ type: 'text', content: choice.text });
  }
  const calls = Array.isArray(choice.toolCalls) ? choice.toolCalls : [];
  for (const call of calls) {
    if (!isObject(call)) continue;
    parts.push({ type: 'tool_call', id: call.id ?? null, name: call.name,
      arguments: argumentsOf(call.arguments) });
  }
  return parts;
}
