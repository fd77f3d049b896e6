/**
 * A loopback server that speaks OpenAI's HTTP API closely enough for the
 * real `openai` and `@ai-sdk/openai` clients: chat completions and the
 * Responses API (JSON, or server-sent events), embeddings, and OpenAI's
 * error bodies. Answers are decided from the request (see
 * `mock-common.mjs`), so an agent loop with tools can run against it.
 *
 * Per request, the headers `x-mock-status` (an HTTP error to answer with)
 * and `x-mock-chunk-delay-ms` (a slow stream) override the answer, and so
 * does the `script` option.
 *
 * @example
 * ```js
 * const mock = await startMockOpenAI();
 * const openai = new OpenAI({ baseURL: mock.url, apiKey: 'test' });
 * // …
 * await mock.close();
 * ```
 */
import {
  countTokens, decide, hex, numberHeader, pickAnswer, pieces, promptCache, startServer,
  textOf, token, writeEvents, TOKENS_PER_MESSAGE,
} from './mock-common.mjs';
import { responsesAnswer } from './mock-openai-responses.mjs';

/**
 * @typedef {import('./mock-common.mjs').MockReply} MockReply
 * @typedef {import('./mock-common.mjs').LoggedRequest} LoggedRequest
 */

/**
 * @typedef {object} MockOpenAIOptions
 * @property {number} [port]  Port to listen on; 0 (default) picks a free one.
 * @property {(request: LoggedRequest) => MockReply | undefined} [script]
 *   Decides or adjusts the answer to a request; undefined keeps the default.
 */

/**
 * @typedef {object} MockOpenAI
 * @property {string} url  The base URL to give a client, ending in `/v1`.
 * @property {LoggedRequest[]} requests  Every request received, in order.
 * @property {() => Promise<void>} close
 */

// Aliases answer with a dated snapshot, as the real API does.
const SNAPSHOTS = {
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'gpt-5': 'gpt-5-2025-08-07',
  'gpt-5-mini': 'gpt-5-mini-2025-08-07',
  'o4-mini': 'o4-mini-2025-04-16',
};
const REASONING_MODEL = /^(o\d|gpt-5)/;
const REASONING_TOKENS = 16;
const EMBEDDING_DIMENSIONS = 8;

/** Rate-limit and server-error bodies in OpenAI's shape. */
const ERRORS = {
  429: { type: 'requests', code: 'rate_limit_exceeded', message: (model) =>
    `Rate limit reached for ${model} in organization org-mock on requests per min ` +
    '(RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.' },
  500: { type: 'server_error', code: null, message: () =>
    'The server had an error while processing your request. Sorry about that!' },
};

/**
 * Starts the mock on 127.0.0.1.
 * @param {MockOpenAIOptions} [options]
 * @returns {Promise<MockOpenAI>}
 */
export async function startMockOpenAI(options = {}) {
  const cache = promptCache();
  const server = await startServer(options.port ?? 0, async (request, res) => {
    const reply = { ...options.script?.(request) };
    reply.status ??= numberHeader(request.headers, 'x-mock-status');
    reply.chunkDelayMs ??= numberHeader(request.headers, 'x-mock-chunk-delay-ms') ?? 0;
    const headers = { 'x-request-id': `req_${hex(32)}`, 'openai-version': '2020-10-01',
      'openai-processing-ms': '42' };
    const body = request.body ?? {};
    if (reply.status && reply.status >= 400) {
      const known = ERRORS[reply.status] ?? ERRORS[500];
      res.writeHead(reply.status, { 'content-type': 'application/json', ...headers });
      const error = { message: known.message(body.model), type: known.type, param: null,
        code: known.code };
      res.end(JSON.stringify({ error }));
      return;
    }
    const context = { request, reply, headers, cache, res, usageFor, answeredModel };
    if (request.path.endsWith('/chat/completions')) return chat(context);
    if (request.path.endsWith('/responses')) return responsesAnswer(context);
    if (request.path.endsWith('/embeddings')) return embeddings(context);
    res.writeHead(404, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ error: { message: `Unknown path ${request.path}`,
      type: 'invalid_request_error', param: null, code: 'unknown_url' } }));
  });
  return { url: `${server.origin}/v1`, requests: server.requests, close: server.close };
}

/** The model name the API answers with. */
export const answeredModel = (model) => SNAPSHOTS[model] ?? model;

/**
 * Chat-completions usage for a prompt and an answer.
 * @param {string[]} promptParts @param {string} answer @param {string} model
 * @param {MockReply} reply @param {(parts: string[]) => number} cache
 */
export function usageFor(promptParts, answer, model, reply, cache) {
  const prompt = promptParts.reduce(
    (n, part) => n + TOKENS_PER_MESSAGE + countTokens(part), 0);
  const cached = reply.cachedTokens ?? Math.min(cache(promptParts), prompt);
  const reasoning = reply.reasoningTokens ??
    (REASONING_MODEL.test(model) ? REASONING_TOKENS : 0);
  const completion = countTokens(answer) + reasoning;
  return { prompt, cached, reasoning, completion, total: prompt + completion };
}

function chatTurns(messages) {
  return (Array.isArray(messages) ? messages : []).map((m) => ({
    role: m.role === 'developer' ? 'system' : m.role,
    text: m.tool_calls ? JSON.stringify(m.tool_calls) : textOf(m.content),
  }));
}

async function chat({ request, reply, headers, cache, res }) {
  const body = request.body;
  const turns = chatTurns(body.messages);
  const tools = (body.tools ?? []).map((t) => ({ name: t.function?.name ?? t.name,
    schema: t.function?.parameters }));
  const decided = { ...decide(turns, tools), ...pickAnswer(reply) };
  const call = decided.toolCall && { id: `call_${token(24)}`, type: 'function',
    function: { name: decided.toolCall.name,
      arguments: JSON.stringify(decided.toolCall.arguments) } };
  const text = call ? null : decided.text ?? '';
  const model = answeredModel(body.model);
  const parts = turns.map((t) => `${t.role}:${t.text}`);
  const u = usageFor(parts, text ?? call.function.arguments, body.model, reply, cache);
  const usage = {
    prompt_tokens: u.prompt, completion_tokens: u.completion, total_tokens: u.total,
    prompt_tokens_details: { cached_tokens: u.cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoning, audio_tokens: 0,
      accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
  const finish = call ? 'tool_calls' : 'stop';
  const base = {
    id: `chatcmpl-${token(29)}`, created: Math.floor(Date.now() / 1000), model,
    service_tier: 'default', system_fingerprint: `fp_${hex(10)}`,
  };

  if (!body.stream) {
    request.usage = usage;
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0,
      message: { role: 'assistant', content: text, refusal: null, annotations: [],
        ...(call && { tool_calls: [call] }) }, logprobs: null, finish_reason: finish }],
    usage }));
    return;
  }
  const withUsage = body.stream_options?.include_usage === true;
  if (withUsage) request.usage = usage;
  const chunk = (delta, finishReason = null) => ({ data: { ...base,
    object: 'chat.completion.chunk', ...(withUsage && { usage: null }),
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] } });
  const events = call
    ? [chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: call.id,
      type: 'function', function: { name: call.function.name, arguments: '' } }] }),
    ...(call.function.arguments.match(/.{1,8}/gs) ?? []).map((part) =>
      chunk({ tool_calls: [{ index: 0, function: { arguments: part } }] }))]
    : [chunk({ role: 'assistant', content: '', refusal: null }),
      ...pieces(text).map((part) => chunk({ content: part }))];
  events.push(chunk({}, finish));
  if (withUsage) {
    const object = 'chat.completion.chunk';
    events.push({ data: { ...base, object, choices: [], usage } });
  }
  events.push({ data: '[DONE]' });
  await writeEvents(res, headers, events, reply.chunkDelayMs);
}

async function embeddings({ request, headers, res }) {
  const body = request.body;
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const size = body.dimensions ?? EMBEDDING_DIMENSIONS;
  const data = inputs.map((input, index) => {
    const vector = Array.from({ length: size }, (_, i) =>
      Math.sin(String(input).length + i + index) / 2);
    const embedding = body.encoding_format === 'base64'
      ? Buffer.from(new Float32Array(vector).buffer).toString('base64')
      : vector;
    return { object: 'embedding', index, embedding };
  });
  const prompt = inputs.reduce((n, input) => n + countTokens(String(input)), 0);
  request.usage = { prompt_tokens: prompt, total_tokens: prompt };
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  const list = { object: 'list', data, model: body.model, usage: request.usage };
  res.end(JSON.stringify(list));
}
