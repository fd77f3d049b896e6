/**
 * A loopback server that speaks Anthropic's Messages API closely enough
 * for the real `@anthropic-ai/sdk`: `POST /v1/messages` as JSON or as
 * server-sent events (`message_start`, `content_block_start`,
 * `content_block_delta`, `content_block_stop`, `message_delta`,
 * `message_stop`), prompt caching through `cache_control` blocks, and
 * Anthropic's error bodies. Answers are decided from the request (see
 * `mock-common.mjs`); the `x-mock-status` and `x-mock-chunk-delay-ms`
 * headers and the `script` option override them, as in `mock-openai.mjs`.
 *
 * @example
 * ```js
 * const mock = await startMockAnthropic();
 * const anthropic = new Anthropic({ baseURL: mock.url, apiKey: 'test' });
 * ```
 */
import {
  countTokens, decide, numberHeader, pickAnswer, pieces, startServer, textOf, token,
  writeEvents, TOKENS_PER_MESSAGE,
} from './mock-common.mjs';

/**
 * @typedef {object} MockAnthropicOptions
 * @property {number} [port]  Port to listen on; 0 (default) picks a free one.
 * @property {(request: import('./mock-common.mjs').LoggedRequest) =>
 *   import('./mock-common.mjs').MockReply | undefined} [script]
 */

/**
 * @typedef {object} MockAnthropic
 * @property {string} url  The base URL to give a client (no `/v1`).
 * @property {import('./mock-common.mjs').LoggedRequest[]} requests
 * @property {() => Promise<void>} close
 */

const SNAPSHOTS = {
  'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929',
  'claude-haiku-4-5': 'claude-haiku-4-5-20251001',
  'claude-opus-4-1': 'claude-opus-4-1-20250805',
  'claude-3-5-haiku-latest': 'claude-3-5-haiku-20241022',
};

const ERRORS = {
  429: ['rate_limit_error',
    'Number of request tokens has exceeded your per-minute rate limit'],
  500: ['api_error', 'Internal server error'],
  529: ['overloaded_error', 'Overloaded'],
};

const blocksOf = (content) =>
  typeof content === 'string' ? [{ type: 'text', text: content }] : content ?? [];

function turnsOf(body) {
  const turns = [];
  if (body.system) turns.push({ role: 'system', text: textOf(body.system) });
  for (const message of body.messages ?? []) {
    const results = blocksOf(message.content).filter((b) => b.type === 'tool_result');
    if (results.length > 0) {
      const text = results.map((b) => textOf(b.content)).join('\n');
      turns.push({ role: 'tool', text });
    } else {
      const text = blocksOf(message.content).map((b) =>
        (b.type === 'tool_use' ? JSON.stringify(b.input) : b.text ?? '')).join('');
      turns.push({ role: message.role, text });
    }
  }
  return turns;
}

/**
 * Prompt caching: everything up to the last `cache_control` block is the
 * cacheable prefix, written on first sight and read afterwards.
 */
function cacheUse(body, seen) {
  const blocks = [
    ...(body.tools ?? []).map((t) =>
      ({ text: JSON.stringify(t), mark: t.cache_control })),
    ...blocksOf(body.system).map((b) => ({ text: textOf([b]), mark: b.cache_control })),
    ...(body.messages ?? []).flatMap((m) => blocksOf(m.content).map((b) =>
      ({ text: JSON.stringify(b), mark: b.cache_control }))),
  ];
  const last = blocks.findLastIndex((b) => b.mark);
  if (last < 0) return { read: 0, written: 0 };
  const prefix = blocks.slice(0, last + 1);
  const key = prefix.map((b) => b.text).join('\u0000');
  const size = prefix.reduce((n, b) => n + countTokens(b.text), 0);
  if (seen.has(key)) return { read: size, written: 0 };
  seen.add(key);
  return { read: 0, written: size };
}

/**
 * Starts the mock on 127.0.0.1.
 * @param {MockAnthropicOptions} [options]
 * @returns {Promise<MockAnthropic>}
 */
export async function startMockAnthropic(options = {}) {
  const seen = new Set();
  const server = await startServer(options.port ?? 0, async (request, res) => {
    const reply = { ...options.script?.(request) };
    const status = reply.status ?? numberHeader(request.headers, 'x-mock-status');
    const delayMs = reply.chunkDelayMs ??
      numberHeader(request.headers, 'x-mock-chunk-delay-ms');
    const headers = { 'request-id': `req_01${token(22)}` };
    if (status && status >= 400) {
      const [type, message] = ERRORS[status] ?? ERRORS[500];
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify({ type: 'error', error: { type, message } }));
      return;
    }
    if (!request.path.endsWith('/v1/messages')) {
      res.writeHead(404, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify({ type: 'error',
        error: { type: 'not_found_error', message: `Not found: ${request.path}` } }));
      return;
    }
    await messages(request, reply, headers, seen, res, delayMs ?? 0);
  });
  return { url: server.origin, requests: server.requests, close: server.close };
}

async function messages(request, reply, headers, seen, res, delayMs) {
  const body = request.body;
  const turns = turnsOf(body);
  const tools = (body.tools ?? []).map((t) => ({ name: t.name, schema: t.input_schema }));
  const decided = { ...decide(turns, tools), ...pickAnswer(reply) };
  const call = decided.toolCall &&
    { type: 'tool_use', id: `toolu_01${token(22)}`, name: decided.toolCall.name,
      input: decided.toolCall.arguments };
  const text = call ? '' : decided.text ?? '';
  const prompt = turns.reduce((n, t) => n + TOKENS_PER_MESSAGE + countTokens(t.text), 0);
  const cache = cacheUse(body, seen);
  const read = reply.cachedTokens ?? cache.read;
  const usage = {
    input_tokens: Math.max(1, prompt - read - cache.written),
    cache_creation_input_tokens: cache.written,
    cache_read_input_tokens: read,
    output_tokens: countTokens(call ? JSON.stringify(call.input) : text),
    service_tier: 'standard',
  };
  request.usage = usage;
  const message = { id: `msg_01${token(22)}`, type: 'message', role: 'assistant',
    model: SNAPSHOTS[body.model] ?? body.model,
    content: [call ?? { type: 'text', text }],
    stop_reason: call ? 'tool_use' : 'end_turn', stop_sequence: null, usage };

  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(message));
    return;
  }
  const event = (type, fields) => ({ event: type, data: { type, ...fields } });
  const delta = (fields) => event('content_block_delta', { index: 0, delta: fields });
  const deltas = call
    ? (JSON.stringify(call.input).match(/.{1,8}/gs) ?? []).map((partial_json) =>
      delta({ type: 'input_json_delta', partial_json }))
    : pieces(text).map((piece) => delta({ type: 'text_delta', text: piece }));
  const events = [
    event('message_start', { message: { ...message, content: [], stop_reason: null,
      usage: { ...usage, output_tokens: 1 } } }),
    event('content_block_start', { index: 0,
      content_block: call ? { ...call, input: {} } : { type: 'text', text: '' } }),
    event('ping', {}),
    ...deltas,
    event('content_block_stop', { index: 0 }),
    event('message_delta', {
      delta: { stop_reason: message.stop_reason, stop_sequence: null },
      usage: { output_tokens: usage.output_tokens },
    }),
    event('message_stop', {}),
  ];
  await writeEvents(res, headers, events, delayMs);
}
