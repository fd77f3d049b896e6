/**
 * Every place a user's value enters a span: each setter of each span kind
 * and each option of each trace method. A target builds a span with known
 * baseline fields, puts one value in, and ends it; the test then checks
 * that the baseline arrived intact beside whatever became of the value.
 */
import type { TelemetryClient } from '../../src/runtimes/node.js';
import type { WireEvent } from '../../src/core/schema.js';

/** Fields every probe span is created with, which must arrive unchanged. */
export const BASELINE_METADATA = { probe: 'intact' } as const;
const BASE_MODEL = 'baseline-model';
const BASE_TOOL = 'baseline-tool';
const BASE_AGENT = 'baseline-agent';

type Client = TelemetryClient;
type AnySpan = Record<string, (...args: unknown[]) => unknown>;

/** One setter, on one kind of span. */
export interface SetterTarget {
  name: string;
  /** Creates the span, sets `value` through the setter, ends the span. */
  run(client: Client, spanName: string, value: unknown): void;
  /** The fields that must arrive as they were set before the value. */
  intact: Partial<WireEvent>;
  /** The value is captured content or metadata, so it must show up in the event. */
  captures: boolean;
}

const model = (client: Client, name: string) =>
  client.startModelCall({ name, metadata: { ...BASELINE_METADATA } })
    .setModel(BASE_MODEL) as unknown as AnySpan;
const tool = (client: Client, name: string) =>
  client.startToolExecution({ name, toolName: BASE_TOOL,
    metadata: { ...BASELINE_METADATA } }) as unknown as AnySpan;
const agent = (client: Client, name: string) =>
  client.startAgent({ name, agentName: BASE_AGENT,
    metadata: { ...BASELINE_METADATA } }) as unknown as AnySpan;

const CAPTURING = /^set(Input|Output|Metadata|RequestPayload|ResponsePayload)/;

function setter(name: string, make: typeof model, call: (span: AnySpan, v: unknown) => void,
  intact: Partial<WireEvent>): SetterTarget {
  return {
    name,
    intact,
    captures: CAPTURING.test(name),
    run(client, spanName, value) {
      const span = make(client, spanName);
      call(span, value);
      (span.end as () => void)();
    },
  };
}

const metadata = { ...BASELINE_METADATA };
const onModel = { type: 'model_call', model: BASE_MODEL, metadata } as const;
const onTool = { type: 'tool_execution', toolName: BASE_TOOL, metadata } as const;
const onAgent = { type: 'agent', agentName: BASE_AGENT, metadata } as const;
const via = (method: string) => (span: AnySpan, value: unknown) => span[method]!(value);

/** Every setter of every span kind and event builder. */
export const SETTERS: SetterTarget[] = [
  setter('setInput', model, via('setInput'), onModel),
  setter('setOutput', model, via('setOutput'), onModel),
  setter('setMetadata(entries)', model, via('setMetadata'), onModel),
  setter('setMetadata(key, value)', model, (s, v) => s.setMetadata!('hostile', v), onModel),
  setter('setStatus', model, via('setStatus'), onModel),
  setter('setError', model, via('setError'), { ...onModel, status: 'error' }),
  setter('setProvider', model, via('setProvider'), onModel),
  setter('setModel', model, via('setModel'), { type: 'model_call', metadata }),
  setter('setTokens', model, via('setTokens'), onModel),
  setter('setTokens({ input })', model, (s, v) => s.setTokens!({ input: v }), onModel),
  setter('setCost', model, via('setCost'), onModel),
  setter('setTemperature', model, via('setTemperature'), onModel),
  setter('setAction', tool, via('setAction'), onTool),
  setter('setEndpoint', tool, via('setEndpoint'), onTool),
  setter('setHttpMethod', tool, via('setHttpMethod'), onTool),
  setter('setHttpStatusCode', tool, via('setHttpStatusCode'), onTool),
  setter('setRequestPayload', tool, via('setRequestPayload'), onTool),
  setter('setResponsePayload', tool, via('setResponsePayload'), onTool),
  setter('setAgentId', agent, via('setAgentId'), onAgent),
  {
    name: 'ModelCallEventBuilder.setLatencyMs',
    captures: false,
    intact: onModel,
    run(client, name, value) {
      const builder = client.createModelCallEvent({ name, model: BASE_MODEL,
        metadata: { ...BASELINE_METADATA } });
      builder.setLatencyMs(value as number).send();
    },
  },
  {
    name: 'ToolExecutionEventBuilder.setLatencyMs',
    captures: false,
    intact: onTool,
    run(client, name, value) {
      const builder = client.createToolExecutionEvent({ name, toolName: BASE_TOOL,
        metadata: { ...BASELINE_METADATA } });
      builder.setLatencyMs(value as number).send();
    },
  },
];

/** One option of one trace method. */
export interface OptionTarget {
  name: string;
  /** Only a non-empty string is valid: anything else must be a TelemetryConfigError. */
  required: boolean;
  /** Calls the method with `value` as the option; returns what the function returned. */
  run(client: Client, spanName: string, value: unknown): unknown;
  intact: Partial<WireEvent>;
}

/**
 * The span kinds; their own options go through every style of call. The
 * common options share one code path (span creation), so the `trace`
 * style covers them.
 */
const KINDS = [
  { kind: 'model', own: ['provider', 'model', 'temperature'], base: {},
    type: 'model_call' },
  { kind: 'tool', own: ['toolName', 'action', 'endpoint', 'httpMethod'],
    base: { toolName: BASE_TOOL }, type: 'tool_execution' },
  { kind: 'agent', own: ['agentName', 'agentId'], base: { agentName: BASE_AGENT },
    type: 'agent' },
] as const;
const COMMON = ['name', 'input', 'metadata', 'parent', 'root'];
const REQUIRED = new Set(['toolName', 'agentName']);
const RETURNED = 'returned unchanged';

type Style = 'trace' | 'start' | 'decorator';
type Call = (client: Client, options: never) => unknown;
const CALLS: Record<Style, Record<string, Call>> = {
  trace: {
    model: (c, o) => c.traceModelCall(o, () => RETURNED),
    tool: (c, o) => c.traceToolExecution(o, () => RETURNED),
    agent: (c, o) => c.traceAgent(o, () => RETURNED),
  },
  start: {
    model: (c, o) => (c.startModelCall(o).end(), RETURNED),
    tool: (c, o) => (c.startToolExecution(o).end(), RETURNED),
    agent: (c, o) => (c.startAgent(o).end(), RETURNED),
  },
  decorator: {
    model: (c, o) => c.traceModelCallDecorator(o)(() => RETURNED)(),
    tool: (c, o) => c.traceToolExecutionDecorator(o)(() => RETURNED)(),
    agent: (c, o) => c.traceAgentDecorator(o)(() => RETURNED)(),
  },
};

function optionTarget(style: Style, kind: (typeof KINDS)[number], option: string) {
  const intact = { type: kind.type, ...(option === 'metadata' ? {} : { metadata }) };
  return {
    name: `${style} ${kind.kind}: ${option}`,
    required: REQUIRED.has(option),
    intact,
    run(client: Client, spanName: string, value: unknown) {
      const options = { ...kind.base, name: spanName, metadata: { ...BASELINE_METADATA },
        [option]: value };
      return CALLS[style][kind.kind]!(client, options as never);
    },
  };
}

/** Every option of `traceX`; the kinds' own options also of `startX` and decorators. */
export const OPTION_TARGETS: OptionTarget[] = KINDS.flatMap((kind) => [
  ...[...COMMON, ...kind.own].map((option) => optionTarget('trace', kind, option)),
  ...['name', ...kind.own].map((option) => optionTarget('start', kind, option)),
  ...['name', ...kind.own].map((option) => optionTarget('decorator', kind, option)),
]);

/** Every option of the client constructor. */
export const CLIENT_OPTIONS = ['apiKey', 'endpoint', 'projectId', 'tenantId', 'applicationId',
  'sessionId', 'userId', 'batchSize', 'flushInterval', 'maxRetries', 'debug', 'maxQueueSize',
  'sampleRate', 'captureContent', 'beforeSend', 'onError', 'transport', 'sourceComponent',
  'redact', 'enabled', 'dangerouslyAllowSecretKeyInBrowser', 'waitUntil'];

export { RETURNED };
