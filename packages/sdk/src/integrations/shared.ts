/**
 * What the provider integrations share: their options, and the recorder
 * that turns one intercepted call into a model call span.
 */
import { TelemetryConfigError } from '../core/config.js';
import type { ModelCallSpan } from '../core/kinds.js';
import type { TokenCounts } from '../core/span.js';
import type { TelemetryClient } from '../core/telemetry.js';
import { isUserAbort } from './observe.js';
import { checkPrices, computeCost, type ModelPrices } from './pricing.js';

/** Options of `wrapOpenAI`, `wrapAnthropic` and `robotforgeMiddleware`. */
export interface IntegrationOptions {
  /** The client that records the calls. Required. */
  telemetry: TelemetryClient;
  /**
   * Record prompts and answers as input and output; default true. The
   * client's own `captureContent: false` still drops them from events.
   */
  captureContent?: boolean;
  /** Span name for every call; by default the operation (`openai.responses.create`). */
  name?: string;
  /** Metadata added to every call's event. */
  metadata?: Record<string, unknown>;
  /** Prices by model name, before `setModelPrices` and the built-in table. */
  prices?: ModelPrices;
}

/** Where a call's token counts came from. */
export type UsageSource = 'provider' | 'estimated' | 'unknown';

/** A tool call the model asked for, as recorded in the output. */
export interface RecordedToolCall {
  id: string | undefined;
  name: string | undefined;
  /** The arguments as the model wrote them: usually a JSON string. */
  arguments: unknown;
}

/** What the wrapper learned from the request before sending it. */
export interface CallRequest {
  operation: string;
  provider: string;
  model: string | undefined;
  input: unknown;
  parameters: Record<string, unknown>;
  tools: string[] | undefined;
  stream: boolean;
}

/** What the wrapper learned from the answer, complete or partial. */
export interface CallResult {
  output?: unknown;
  responseModel?: string | undefined;
  responseId?: string | undefined;
  finishReason?: string | null | undefined;
  tokens?: TokenCounts | undefined;
  /** Entries such as `systemFingerprint`, added to the metadata. */
  extra?: Record<string, unknown>;
  /** A failure the provider reported inside an answer, such as a stream error event. */
  error?: unknown;
}

/** @internal Options after checking. */
export interface Settings {
  telemetry: TelemetryClient;
  captureContent: boolean;
  name: string | undefined;
  metadata: Record<string, unknown> | undefined;
  prices: ModelPrices | undefined;
}

const CHARS_PER_ESTIMATED_TOKEN = 4;

/** Checks an integration's options; bad ones throw at wrap time. */
export function resolveSettings(options: IntegrationOptions, caller: string): Settings {
  const telemetry = (options as Partial<IntegrationOptions> | undefined)?.telemetry;
  if (!telemetry || typeof telemetry.startModelCall !== 'function') {
    throw new TelemetryConfigError(`${caller}: telemetry`, 'a TelemetryClient',
      telemetry);
  }
  const { metadata, name, prices } = options;
  if (metadata !== undefined && (metadata === null || typeof metadata !== 'object')) {
    throw new TelemetryConfigError(`${caller}: metadata`, 'an object', metadata);
  }
  return {
    telemetry,
    captureContent: options.captureContent !== false,
    name: typeof name === 'string' && name ? name : undefined,
    metadata,
    prices: prices === undefined ? undefined : checkPrices(prices, `${caller}: prices`),
  };
}

/** The request fields of `body` that are set, named as the provider names them. */
export function pick(body: Record<string, unknown>, keys: readonly string[]) {
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (body[key] !== undefined) picked[key] = body[key];
  return picked;
}

/** Keeps the fields that are counts; undefined when none is. */
export function numbers(counts: Record<string, unknown>): TokenCounts | undefined {
  const kept: Record<string, number> = {};
  for (const [field, value] of Object.entries(counts)) {
    if (typeof value === 'number' && Number.isFinite(value)) kept[field] = value;
  }
  return Object.keys(kept).length > 0 ? (kept as TokenCounts) : undefined;
}

/** Output as recorded: the text alone, or the text with the tool calls. */
export function shapeOutput(text: string, toolCalls: RecordedToolCall[]): unknown {
  return toolCalls.length === 0 ? text : { text: text || null, toolCalls };
}

/** A rough count for answers whose provider sent no usage: 4 chars a token. */
export function estimateTokens(value: unknown): number {
  let chars = 0;
  const visit = (v: unknown, depth: number): void => {
    if (typeof v === 'string') chars += v.length;
    else if (v && typeof v === 'object' && depth < 8) {
      for (const item of Object.values(v)) visit(item, depth + 1);
    }
  };
  visit(value, 0);
  return Math.ceil(chars / CHARS_PER_ESTIMATED_TOKEN);
}

const now = () => performance.now();

/** One intercepted model call: its span, timing and final recording. */
export class CallRecorder {
  readonly span: ModelCallSpan;
  readonly request: CallRequest;
  #settings: Settings;
  #startedAt = now();
  #firstTokenMs: number | undefined;

  constructor(settings: Settings, request: CallRequest) {
    this.#settings = settings;
    this.request = request;
    const metadata: Record<string, unknown> = { ...settings.metadata };
    const { parameters } = request;
    if (Object.keys(parameters).length > 0) metadata.parameters = parameters;
    if (request.tools?.length) metadata.tools = request.tools;
    if (request.stream) metadata.stream = true;
    this.span = settings.telemetry.startModelCall({
      name: settings.name ?? request.operation,
      provider: request.provider,
      ...(request.model !== undefined && { model: request.model }),
      ...(settings.captureContent && { input: request.input }),
      metadata,
    });
    const temperature = request.parameters.temperature;
    if (typeof temperature === 'number') this.span.setTemperature(temperature);
  }

  get ended(): boolean {
    return this.span.ended;
  }

  /** Marks the first streamed token; later calls are ignored. */
  firstToken(): void {
    this.#firstTokenMs ??= Math.round(now() - this.#startedAt);
  }

  /**
   * Ends the span with what is known. Usage counts only if the provider
   * sent it; a finished stream without usage gets an estimate, anything
   * cut short stays unknown.
   */
  finish(result: CallResult, outcome: 'success' | 'aborted' | 'error' = 'success'): void {
    if (this.ended) return;
    const span = this.span;
    let tokens = result.tokens;
    let usageSource: UsageSource = tokens ? 'provider' : 'unknown';
    // Only a stream read to its end has an answer worth estimating from.
    if (!tokens && outcome === 'success' && this.request.stream &&
      result.output !== undefined && result.error === undefined) {
      tokens = {
        input: estimateTokens(this.request.input),
        output: estimateTokens(result.output),
      };
      usageSource = 'estimated';
    }

    if (this.#settings.captureContent && result.output !== undefined) {
      span.setOutput(result.output);
    }
    if (tokens) span.setTokens(tokens);
    const cost = computeCost(result.responseModel ?? this.request.model, tokens,
      this.#settings.prices);
    if (cost) span.setCost(cost.cost);

    span.setMetadata({
      ...result.extra,
      ...(result.responseModel !== undefined && { responseModel: result.responseModel }),
      ...(result.responseId !== undefined && { responseId: result.responseId }),
      ...(result.finishReason != null && { finishReason: result.finishReason }),
      ...(this.#firstTokenMs !== undefined && { timeToFirstTokenMs: this.#firstTokenMs }),
      ...(cost && { costSource: cost.source }),
      usageSource,
    });
    if (result.error !== undefined && outcome !== 'aborted') span.setError(result.error);
    if (outcome === 'aborted') span.setStatus('aborted');
    span.end();
  }

  /** Ends the span with an error; a user's abort is recorded as `aborted`. */
  fail(error: unknown, partial: CallResult = {}): void {
    if (this.ended) return;
    if (error !== null && typeof error === 'object') {
      const { status, name, constructor } = error as {
        status?: unknown; name?: unknown; constructor?: { name?: string };
      };
      if (typeof status === 'number') this.span.setMetadata('httpStatus', status);
      // SDK errors keep `name: 'Error'`; their class (`RateLimitError`) says more.
      if (constructor?.name && constructor.name !== name) {
        this.span.setMetadata('errorClass', constructor.name);
      }
    }
    this.span.setError(error);
    this.finish(partial, isUserAbort(error) ? 'aborted' : 'error');
  }
}
