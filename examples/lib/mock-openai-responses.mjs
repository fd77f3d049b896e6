/**
 * The Responses API part of the OpenAI mock: `POST /v1/responses`, as one
 * JSON `response` object or as the typed server-sent events the real API
 * streams (`response.created` … `response.output_text.delta` …
 * `response.completed`).
 */
import {
  decide, hex, pickAnswer, pieces, textOf, token, writeEvents,
} from './mock-common.mjs';

function turnsOf(body) {
  const turns = body.instructions ? [{ role: 'system', text: body.instructions }] : [];
  if (typeof body.input === 'string') {
    return [...turns, { role: 'user', text: body.input }];
  }
  for (const item of Array.isArray(body.input) ? body.input : []) {
    if (item.type === 'function_call_output') {
      turns.push({ role: 'tool', text: item.output });
    } else if (item.type === 'function_call') {
      turns.push({ role: 'assistant', text: item.arguments });
    }
    else if (item.role) {
      turns.push({ role: item.role === 'developer' ? 'system' : item.role,
        text: textOf(item.content) });
    }
  }
  return turns;
}

/**
 * Answers one Responses API request.
 * @param {{ request: import('./mock-common.mjs').LoggedRequest,
 *   reply: import('./mock-common.mjs').MockReply, headers: Record<string, string>,
 *   cache: (parts: string[]) => number, res: import('node:http').ServerResponse,
 *   usageFor: Function, answeredModel: (model: string) => string }} context
 */
export async function responsesAnswer(context) {
  const { request, reply, headers, cache, res } = context;
  const body = request.body;
  const turns = turnsOf(body);
  const tools = (body.tools ?? []).filter((t) => t.type === 'function')
    .map((t) => ({ name: t.name, schema: t.parameters }));
  const decided = { ...decide(turns, tools), ...pickAnswer(reply) };
  const args = decided.toolCall && JSON.stringify(decided.toolCall.arguments);
  const text = decided.toolCall ? '' : decided.text ?? '';
  const parts = turns.map((t) => `${t.role}:${t.text}`);
  const u = context.usageFor(parts, args ?? text, body.model, reply, cache);
  const usage = {
    input_tokens: u.prompt, input_tokens_details: { cached_tokens: u.cached },
    output_tokens: u.completion, output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: u.total,
  };
  request.usage = usage;

  const item = decided.toolCall
    ? { id: `fc_${hex(48)}`, type: 'function_call', status: 'completed', arguments: args,
      call_id: `call_${token(24)}`, name: decided.toolCall.name }
    : { id: `msg_${hex(48)}`, type: 'message', status: 'completed', role: 'assistant',
      content: [{ type: 'output_text', annotations: [], logprobs: [], text }] };
  const response = {
    id: `resp_${hex(48)}`, object: 'response', created_at: Math.floor(Date.now() / 1000),
    status: 'completed', background: false, error: null, incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: context.answeredModel(body.model), output: [item], parallel_tool_calls: true,
    previous_response_id: null, reasoning: { effort: null, summary: null }, store: true,
    temperature: body.temperature ?? 1, text: { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto', tools: body.tools ?? [],
    top_p: body.top_p ?? 1, truncation: 'disabled', usage, user: null, metadata: {},
  };

  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(response));
    return;
  }
  const events = streamEvents(response, item, text, args);
  await writeEvents(res, headers, events, reply.chunkDelayMs);
}

function streamEvents(response, item, text, args) {
  let sequence = 0;
  const event = (type, fields) =>
    ({ event: type, data: { type, sequence_number: sequence++, ...fields } });
  const opening = { ...response, status: 'in_progress', output: [], usage: null };
  const where = { item_id: item.id, output_index: 0 };
  const events = [
    event('response.created', { response: opening }),
    event('response.in_progress', { response: opening }),
  ];
  if (item.type === 'function_call') {
    events.push(
      event('response.output_item.added', { output_index: 0,
        item: { ...item, status: 'in_progress', arguments: '' } }),
      ...(args.match(/.{1,8}/gs) ?? []).map((delta) =>
        event('response.function_call_arguments.delta', { ...where, delta })),
      event('response.function_call_arguments.done', { ...where, arguments: args }),
    );
  } else {
    const part = { type: 'output_text', annotations: [], logprobs: [] };
    const at = { ...where, content_index: 0 };
    events.push(
      event('response.output_item.added', { output_index: 0,
        item: { ...item, status: 'in_progress', content: [] } }),
      event('response.content_part.added', { ...at, part: { ...part, text: '' } }),
      ...pieces(text).map((delta) =>
        event('response.output_text.delta', { ...at, delta, logprobs: [] })),
      event('response.output_text.done', { ...at, text, logprobs: [] }),
      event('response.content_part.done', { ...at, part: { ...part, text } }),
    );
  }
  events.push(
    event('response.output_item.done', { output_index: 0, item }),
    event('response.completed', { response }),
  );
  return events;
}
