// Realistic wire events for the collector bench: traces of one agent step
// with two model calls and one tool call, carrying prompts and answers of a
// few hundred characters, token counts, costs and metadata.
import { randomBytes } from 'node:crypto';

const PROMPT = ['You are a research assistant. Summarize the findings below in three',
  'bullet points, cite the sources by number, and flag anything that looks like',
  'a contradiction between them. Findings:'].join(' ').padEnd(400, ' lorem ipsum');
const ANSWER = ['- The two surveys agree on the trend [1][2].',
  '- The sample sizes differ by an order of magnitude [2].',
  '- '].join('\n').padEnd(300, ' consectetur adipiscing');
const USERS = 500;
const SESSIONS = 5_000;
const MODELS = ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4', 'gemini-2.5-flash'];
const DAY_MS = 86_400_000;

// Ids are a per-process random prefix and a counter: unique, and cheap
// enough to make a million events in seconds.
const PREFIX = randomBytes(4).toString('hex');
let counter = 0;
const spanId = () => PREFIX + (counter++).toString(16).padStart(8, '0');
const eventId = () => `${PREFIX}-${(counter++).toString(36)}`;

/**
 * The four events of trace number `n`, starting `n` seconds after `epochMs`
 * spread over 30 days, so that time filters and pages have work to do.
 */
export function traceEvents(n, epochMs = Date.UTC(2026, 0, 1)) {
  const traceId = PREFIX + PREFIX + n.toString(16).padStart(16, '0');
  const start = epochMs + ((n * 7_919_000) % (30 * DAY_MS));
  const iso = (offsetMs) => new Date(start + offsetMs).toISOString();
  const common = {
    traceId, status: 'success', projectId: 'bench', sessionId: `session-${n % SESSIONS}`,
    userId: `user-${n % USERS}`, sourceComponent: 'research-agent',
  };
  const root = spanId();
  const model = MODELS[n % MODELS.length];
  const modelCall = (offsetMs) => ({
    ...common, eventId: eventId(), spanId: spanId(), parentSpanId: root,
    type: 'model_call', name: `chat ${model}`, startTime: iso(offsetMs),
    endTime: iso(offsetMs + 800), latencyMs: 800, provider: 'openai', model,
    temperature: 0.2, input: PROMPT, output: ANSWER, cost: 0.00042,
    tokens: { input: 412, output: 96, total: 508 }, metadata: { attempt: 1, stream: false },
  });
  return [
    { ...common, eventId: eventId(), spanId: root, parentSpanId: null, type: 'agent',
      name: 'research', startTime: iso(0), endTime: iso(2_400), latencyMs: 2_400,
      agentName: 'research', input: 'What changed in the 2025 surveys?', output: ANSWER,
      status: n % 50 === 0 ? 'error' : 'success' },
    modelCall(100),
    { ...common, eventId: eventId(), spanId: spanId(), parentSpanId: root,
      type: 'tool_execution', name: 'search', startTime: iso(950), endTime: iso(1_350),
      latencyMs: 400, toolName: 'search', action: 'query', httpMethod: 'GET',
      endpoint: 'https://search.example/api', httpStatusCode: 200,
      requestPayload: '{"q":"2025 survey results"}', responsePayload: ANSWER },
    modelCall(1_500),
  ];
}

/** `count` events (whole traces, so a multiple of four), numbered from `firstTrace`. */
export function events(count, firstTrace = 0) {
  const out = [];
  for (let n = firstTrace; out.length < count; n++) out.push(...traceEvents(n));
  return out;
}
