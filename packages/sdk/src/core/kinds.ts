/**
 * The span kinds: model calls, tool executions and agent steps, each with
 * its own setters, and the event builders of the manual API.
 */
import { fastPaths } from './serialize.js';
import { describe } from './serialize-text.js';
import {
  Span,
  amount,
  defineSetters,
  isCount,
  mergeTokens,
  refusal,
  type TokenCounts,
} from './span.js';

/** A string as is; anything else described without ever throwing. */
export const text = (value: unknown): string =>
  typeof value === 'string' ? value : describe(value);

const asIs = (value: unknown): unknown => value;
const notAStatusCode = refusal('expected an integer from 100 to 999');

// The setters are added below each class (see `defineSetters`); these
// merges give them their types.
/* eslint-disable @typescript-eslint/no-unsafe-declaration-merging */

export interface ModelCallSpan {
  setProvider(provider: string): this;
  setModel(model: string): this;
  /** The call's cost in US dollars. */
  setCost(amount: number): this;
  setTemperature(temperature: number): this;
}

/** A call to a language model. */
export class ModelCallSpan extends Span {
  readonly type = 'model_call' as const;
  provider: string | undefined;
  model: string | undefined;
  temperature: number | undefined;
  tokens: TokenCounts | undefined;
  cost: number | undefined;

  /** A total, or a breakdown; invalid counts are ignored field by field. */
  setTokens(tokens: number | TokenCounts): this {
    if (!this.writable('setTokens')) return this;
    let why: string | undefined;
    if (typeof tokens === 'number') {
      if (isCount(tokens)) (this.tokens ??= {}).total = tokens;
      else why = 'expected a non-negative integer';
    } else if (tokens !== null && typeof tokens === 'object') {
      try {
        const merge = fastPaths.mergeTokens ?? mergeTokens;
        const invalid = merge((this.tokens ??= {}), tokens);
        if (invalid) why = `invalid ${invalid}`;
      } catch {
        why = 'counts could not be read';
      }
    } else why = 'expected a number or an object';
    if (why) this.ignore('setTokens', why);
    return this;
  }
}

defineSetters(ModelCallSpan, {
  provider: text,
  model: text,
  cost: amount,
  temperature: amount,
});

export interface ToolExecutionSpan {
  setAction(action: string): this;
  /** The URL called; key-like query parameters are redacted when sent. */
  setEndpoint(endpoint: string): this;
  setHttpMethod(method: string): this;
  setHttpStatusCode(code: number): this;
  setRequestPayload(payload: unknown): this;
  setResponsePayload(payload: unknown): this;
}

/** A tool, function or HTTP call made on the model's behalf. */
export class ToolExecutionSpan extends Span {
  readonly type = 'tool_execution' as const;
  toolName = '';
  action: string | undefined;
  endpoint: string | undefined;
  httpMethod: string | undefined;
  httpStatusCode: number | undefined;
  requestPayload: unknown;
  responsePayload: unknown;
}

defineSetters(ToolExecutionSpan, {
  action: text,
  endpoint: text,
  httpMethod: (method) => text(method).toUpperCase(),
  httpStatusCode: (code) =>
    Number.isInteger(code) && code >= 100 && code <= 999 ? code : notAStatusCode,
  requestPayload: asIs,
  responsePayload: asIs,
});

export interface AgentSpan {
  setAgentId(agentId: string): this;
}

/** One agent's step or run; model calls and tools nest under it. */
export class AgentSpan extends Span {
  readonly type = 'agent' as const;
  agentName = '';
  agentId: string | undefined;
}

defineSetters(AgentSpan, { agentId: text });

/** The manual builder form: set fields, optionally the latency, then send. */
export interface EventBuilder {
  /** Overrides the measured duration; `send()` then stamps start = now - ms. */
  setLatencyMs(ms: number): this;
  /** Ends the event and queues it for delivery. */
  send(): void;
}

/** A model call filled by hand: set fields, the latency if known, then send. */
export class ModelCallEventBuilder extends ModelCallSpan implements EventBuilder {
  setLatencyMs(ms: number): this {
    this.presetLatency(ms);
    return this;
  }

  send(): void {
    this.sendPreset();
  }
}

/** A tool execution filled by hand: set fields, the latency if known, then send. */
export class ToolExecutionEventBuilder extends ToolExecutionSpan implements EventBuilder {
  setLatencyMs(ms: number): this {
    this.presetLatency(ms);
    return this;
  }

  send(): void {
    this.sendPreset();
  }
}
