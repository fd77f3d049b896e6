/**
 * What the provider mocks share: a loopback HTTP server that logs every
 * request, a conversation "model" that decides answers from the request,
 * token counting, ids, and server-sent events.
 *
 * The model is deterministic: a tool result in the last message gets a text
 * answer quoting it; a last user message that mentions a tool (or a
 * provided tool's name) gets a call to that tool; anything else is echoed.
 */
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';

/** The mocks count 4 characters as a token, like a rough tokenizer. */
export const CHARS_PER_TOKEN = 4;
/** Per-message overhead added to prompt counts, as chat formats have. */
export const TOKENS_PER_MESSAGE = 4;

/**
 * @typedef {object} Turn  One message of a conversation, flattened to text.
 * @property {'system' | 'user' | 'assistant' | 'tool'} role
 * @property {string} text
 */

/**
 * @typedef {object} ToolSpec  A tool offered to the model.
 * @property {string} name
 * @property {{ properties?: Record<string, { type?: string }> } | undefined} schema
 */

/**
 * @typedef {object} Decision  What the mock model answers.
 * @property {string} [text]
 * @property {{ name: string, arguments: Record<string, unknown> }} [toolCall]
 */

/**
 * @typedef {object} MockReply  A script's override for one request; every
 *   field is optional and falls back to the decided answer.
 * @property {number} [status]  Answer with this HTTP error (429, 500…).
 * @property {string} [text]  The answer's text.
 * @property {{ name: string, arguments: Record<string, unknown> }} [toolCall]
 * @property {number} [chunkDelayMs]  Pause between streamed events.
 * @property {number} [cachedTokens]  Prompt tokens reported as read from cache.
 * @property {number} [reasoningTokens]  Output tokens reported as reasoning.
 */

/**
 * @typedef {object} LoggedRequest  One request the mock received.
 * @property {string} method
 * @property {string} path
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {any} body
 * @property {Record<string, unknown> | undefined} usage  The usage it reported.
 */

/** Tokens of a text, at least one. */
export const countTokens = (text) =>
  Math.max(1, Math.ceil(String(text).length / CHARS_PER_TOKEN));

/** Random lowercase hex of `length` characters. */
export const hex = (length) =>
  randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);

/** Random base62-ish id body, like provider ids. */
export const token = (length) =>
  randomBytes(length * 2).toString('base64').replace(/[^A-Za-z0-9]/g, '')
    .slice(0, length);

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Splits a text into stream pieces: one word with its trailing space each. */
export const pieces = (text) => text.match(/\s*\S+\s*/g) ?? [text];

/**
 * Decides the answer to a conversation.
 * @param {Turn[]} turns
 * @param {ToolSpec[]} tools
 * @returns {Decision}
 */
export function decide(turns, tools) {
  const last = turns.at(-1) ?? { role: 'user', text: '' };
  if (last.role === 'tool') return { text: `The tool answered: ${last.text}` };
  const wanted = tools.find((t) => mentions(last.text, t.name)) ??
    (/\btools?\b/i.test(last.text) ? tools[0] : undefined);
  if (wanted) {
    const args = argumentsFor(wanted, last.text);
    return { toolCall: { name: wanted.name, arguments: args } };
  }
  return { text: `You said: ${last.text}` };
}

function mentions(text, name) {
  const lower = text.toLowerCase();
  const spaced = name.replace(/_/g, ' ').toLowerCase();
  return lower.includes(name.toLowerCase()) || lower.includes(spaced);
}

// Arguments the way a model would fill them: the capitalized word after
// "for", "in" or "about" (a place, a name), else the message's last word.
function argumentsFor(tool, text) {
  const subject = /\b(?:for|in|about|of)\s+([A-Z][\w-]*)/.exec(text)?.[1] ??
    text.replace(/[^\w\s-]/g, '').trim().split(/\s+/).at(-1) ?? '';
  /** @type {Record<string, unknown>} */
  const args = {};
  for (const [key, spec] of Object.entries(tool.schema?.properties ?? { query: {} })) {
    if (spec?.type === 'number' || spec?.type === 'integer') args[key] = 1;
    else if (spec?.type === 'boolean') args[key] = true;
    else args[key] = subject;
  }
  return args;
}

/** The answer fields a script set, which win over the decided ones. */
export function pickAnswer(reply) {
  if (reply.toolCall) return { toolCall: reply.toolCall, text: undefined };
  if (reply.text !== undefined) return { text: reply.text, toolCall: undefined };
  return {};
}

/** Text of a content value: a string or an array of typed parts. */
export function textOf(content) {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content == null ? '' : JSON.stringify(content);
  return content
    .map((part) =>
      (typeof part === 'string' ? part : part?.text ?? textOf(part?.content)))
    .join('');
}

/**
 * Remembers prompts, so that a prompt starting like an earlier one reports
 * the shared part as cached, as providers' prompt caches do.
 */
export function promptCache() {
  const seen = new Set();
  /** @param {string[]} parts  the prompt's parts, in order; returns cached tokens */
  return (parts) => {
    let cached = 0;
    let prefix = '';
    let counted = 0;
    for (const part of parts) {
      prefix += `\u0000${part}`;
      counted += TOKENS_PER_MESSAGE + countTokens(part);
      if (seen.has(prefix)) cached = counted;
      seen.add(prefix);
    }
    return cached;
  };
}

/**
 * Starts a loopback server; `handle` answers each JSON request.
 * @param {number} port
 * @param {(request: LoggedRequest,
 *   res: import('node:http').ServerResponse) => Promise<void>} handle
 */
export async function startServer(port, handle) {
  /** @type {LoggedRequest[]} */
  const requests = [];
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    /** @type {LoggedRequest} */
    const logged = {
      method: req.method ?? 'GET', path: (req.url ?? '').split('?')[0] ?? '',
      headers: req.headers, body: text ? JSON.parse(text) : undefined, usage: undefined,
    };
    requests.push(logged);
    try {
      await handle(logged, res);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      const body = { error: { message: String(error), type: 'server_error' } };
      res.end(JSON.stringify(body));
    }
  });
  await new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    origin: `http://127.0.0.1:${address.port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve(undefined));
    }),
  };
}

/**
 * Writes server-sent events with a pause between them; stops quietly when
 * the client goes away (an aborted stream).
 * @param {import('node:http').ServerResponse} res
 * @param {Record<string, string>} headers
 * @param {{ event?: string, data: unknown }[]} events
 * @param {number} delayMs
 */
export async function writeEvents(res, headers, events, delayMs) {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache', connection: 'keep-alive', ...headers });
  for (const { event, data } of events) {
    if (res.destroyed) return;
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    res.write(`${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`);
    if (delayMs > 0) await sleep(delayMs);
  }
  res.end();
}

/** Reads a numeric header, if present. */
export function numberHeader(headers, name) {
  const value = Number(headers[name]);
  return Number.isFinite(value) && headers[name] !== undefined ? value : undefined;
}
