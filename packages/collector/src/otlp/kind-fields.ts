/**
 * The fields of each event type, read from GenAI convention attributes
 * (and the `robotforge.*` ones the SDK adds). Request parameters and
 * response details that the wire format has no field for go into the
 * metadata, under the names the SDK's integrations use.
 */
import { MAX_WIRE_CONTENT_CHARS } from '@robotforge/sdk/schema';
import type { AttributeBag } from './attribute-bag.js';
import { clip } from './values.js';

type Json = Record<string, unknown>;

/** Longest provider, model, tool or agent name kept. */
const MAX_SHORT_CHARS = 2_048;
const MAX_URL_CHARS = 8_192;

/** Request parameters, by convention attribute and by the provider's own name. */
const PARAMETERS: readonly [string, string][] = [
  ['gen_ai.request.max_tokens', 'max_tokens'],
  ['gen_ai.request.top_p', 'top_p'],
  ['gen_ai.request.top_k', 'top_k'],
  ['gen_ai.request.frequency_penalty', 'frequency_penalty'],
  ['gen_ai.request.presence_penalty', 'presence_penalty'],
  ['gen_ai.request.seed', 'seed'],
  ['gen_ai.request.choice.count', 'n'],
  ['gen_ai.request.stop_sequences', 'stop'],
  ['gen_ai.embeddings.dimension.count', 'dimensions'],
  ['gen_ai.request.encoding_formats', 'encoding_format'],
];

const short = (value: string | undefined) =>
  value === undefined ? null : clip(value, MAX_SHORT_CHARS);
const content = (value: string | undefined) =>
  value === undefined ? null : clip(value, MAX_WIRE_CONTENT_CHARS);

/**
 * Model call fields. `metadata` is what `robotforge.metadata` held; for
 * spans from other instrumentations it starts empty and is filled here.
 */
export function fillModelCall(
  event: Json,
  attributes: AttributeBag,
  metadata: Json,
  operation: string | undefined,
): void {
  const requestModel = attributes.string('gen_ai.request.model');
  const responseModel = attributes.string('gen_ai.response.model');
  event.provider = short(attributes.string('gen_ai.provider.name', 'gen_ai.system'));
  event.model = short(requestModel ?? responseModel);
  const temperature = attributes.number('gen_ai.request.temperature');
  event.temperature = temperature !== undefined && temperature >= 0 ? temperature : null;
  event.tokens = tokensOf(attributes);
  const cost = attributes.number('robotforge.cost');
  event.cost = cost !== undefined && cost >= 0 ? cost : null;

  const system = attributes.json('gen_ai.system_instructions');
  const messages = attributes.content('gen_ai.input.messages', 'gen_ai.prompt');
  const input = attributes.content('robotforge.input') ??
    (system !== undefined && messages !== undefined
      ? JSON.stringify({ system, messages: parseOrKeep(messages) })
      : messages);
  event.input = content(input);
  event.output = content(attributes.content('robotforge.output', 'gen_ai.output.messages',
    'gen_ai.completion'));

  const parameters: Json = {};
  for (const [key, name] of PARAMETERS) {
    const value = attributes.take(key);
    if (value !== undefined) parameters[name] = value;
  }
  const found: Json = {
    ...(Object.keys(parameters).length > 0 && { parameters }),
    ...(operation && operation !== 'chat' && { operation }),
    responseModel,
    responseId: attributes.string('gen_ai.response.id'),
    finishReasons: attributes.take('gen_ai.response.finish_reasons'),
    stream: attributes.take('gen_ai.request.stream'),
  };
  const ttfc = attributes.number('gen_ai.response.time_to_first_chunk');
  if (ttfc !== undefined) found.timeToFirstTokenMs = Math.round(ttfc * 1000);
  for (const [key, value] of Object.entries(found)) {
    if (value !== undefined && !(key in metadata)) metadata[key] = value;
  }
}

function tokensOf(attributes: AttributeBag): Json | null {
  const tokens: Json = {
    input: attributes.count('gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'),
    output: attributes.count('gen_ai.usage.output_tokens',
      'gen_ai.usage.completion_tokens'),
    cacheRead: attributes.count('gen_ai.usage.cache_read.input_tokens'),
    // `cache_write` is the newer name of the same count.
    cacheCreation: attributes.count('gen_ai.usage.cache_creation.input_tokens',
      'gen_ai.usage.cache_write.input_tokens'),
    reasoning: attributes.count('gen_ai.usage.reasoning.output_tokens'),
    total: attributes.count('robotforge.usage.total_tokens', 'gen_ai.usage.total_tokens'),
  };
  if (tokens.total === undefined && typeof tokens.input === 'number' &&
    typeof tokens.output === 'number') {
    tokens.total = tokens.input + tokens.output;
  }
  const kept = Object.entries(tokens).filter(([, value]) => value !== undefined);
  return kept.length > 0 ? Object.fromEntries(kept) : null;
}

/** Tool execution fields; also used for spans that are not GenAI at all. */
export function fillTool(
  event: Json,
  attributes: AttributeBag,
  spanName: string,
  metadata: Json,
): void {
  event.toolName = short(attributes.string('gen_ai.tool.name') ?? spanName);
  event.action = short(attributes.string('robotforge.tool.action'));
  const url = attributes.string('url.full', 'http.url');
  event.endpoint = url === undefined ? null : clip(url, MAX_URL_CHARS);
  const method = attributes.string('http.request.method', 'http.method');
  event.httpMethod = method === undefined ? null : method.slice(0, 16);
  const status = attributes.count('http.response.status_code', 'http.status_code');
  const valid = status !== undefined && status >= 100 && status <= 999;
  event.httpStatusCode = valid ? status : null;
  event.input = content(attributes.content('gen_ai.tool.call.arguments'));
  event.output = content(attributes.content('gen_ai.tool.call.result'));
  event.requestPayload = content(attributes.content('robotforge.tool.request_payload'));
  event.responsePayload = content(attributes.content('robotforge.tool.response_payload'));

  const found: Json = {
    toolCallId: attributes.string('gen_ai.tool.call.id'),
    toolType: attributes.string('gen_ai.tool.type'),
    toolDescription: attributes.string('gen_ai.tool.description'),
  };
  for (const [key, value] of Object.entries(found)) {
    if (value !== undefined && !(key in metadata)) metadata[key] = value;
  }
}

/** Agent fields. */
export function fillAgent(event: Json, attributes: AttributeBag, spanName: string): void {
  event.agentName = short(attributes.string('gen_ai.agent.name') ??
    spanName.replace(/^invoke_agent /, ''));
  event.agentId = short(attributes.string('gen_ai.agent.id'));
  event.input = content(attributes.content('robotforge.input', 'gen_ai.input.messages'));
  event.output = content(attributes.content('robotforge.output', 'gen_ai.output.messages'));
}

function parseOrKeep(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
