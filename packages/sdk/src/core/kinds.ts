/**
 * The span kinds: model calls, tool executions and agent steps, each with
 * its own setters, and the event builders of the manual API.
 */
import { Span, mergeTokens, type TokenCounts } from './span.js';

/** A call to a language model. */
export class ModelCallSpan extends Span {
  readonly type = 'model_call' as const;
  provider: string | undefined = undefined;
  model: string | undefined = undefined;
  temperature: number | undefined = undefined;
  tokens: TokenCounts | undefined = undefined;
  cost: number | undefined = undefined;

  setProvider(provider: string): this {
    if (this.writable('setProvider')) this.provider = String(provider);
    return this;
  }

  setModel(model: string): this {
    if (this.writable('setModel')) this.model = String(model);
    return this;
  }

  /** A total, or a breakdown; invalid counts are ignored field by field. */
  setTokens(tokens: number | TokenCounts): this {
    if (!this.writable('setTokens')) return this;
    if (typeof tokens === 'number') {
      if (this.validCount('setTokens', tokens)) (this.tokens ??= {}).total = tokens;
    } else if (tokens !== null && typeof tokens === 'object') {
      const invalid = mergeTokens((this.tokens ??= {}), tokens);
      if (invalid) this.ignore('setTokens', `invalid ${invalid}`);
    } else this.ignore('setTokens', 'expected a number or an object');
    return this;
  }

  /** The call's cost in US dollars. */
  setCost(amount: number): this {
    if (this.writable('setCost') && this.validNumber('setCost', amount, 0)) {
      this.cost = amount;
    }
    return this;
  }

  setTemperature(temperature: number): this {
    if (this.writable('setTemperature') &&
      this.validNumber('setTemperature', temperature, 0)) {
      this.temperature = temperature;
    }
    return this;
  }
}

/** A tool, function or HTTP call made on the model's behalf. */
export class ToolExecutionSpan extends Span {
  readonly type = 'tool_execution' as const;
  toolName = '';
  action: string | undefined = undefined;
  endpoint: string | undefined = undefined;
  httpMethod: string | undefined = undefined;
  httpStatusCode: number | undefined = undefined;
  requestPayload: unknown = undefined;
  responsePayload: unknown = undefined;

  setAction(action: string): this {
    if (this.writable('setAction')) this.action = String(action);
    return this;
  }

  /** The URL called; key-like query parameters are redacted when sent. */
  setEndpoint(endpoint: string): this {
    if (this.writable('setEndpoint')) this.endpoint = String(endpoint);
    return this;
  }

  setHttpMethod(method: string): this {
    if (this.writable('setHttpMethod')) this.httpMethod = String(method).toUpperCase();
    return this;
  }

  setHttpStatusCode(code: number): this {
    if (!this.writable('setHttpStatusCode')) return this;
    if (Number.isInteger(code) && code >= 100 && code <= 999) this.httpStatusCode = code;
    else this.ignore('setHttpStatusCode', 'expected an integer from 100 to 999');
    return this;
  }

  setRequestPayload(payload: unknown): this {
    if (this.writable('setRequestPayload')) this.requestPayload = payload;
    return this;
  }

  setResponsePayload(payload: unknown): this {
    if (this.writable('setResponsePayload')) this.responsePayload = payload;
    return this;
  }
}

/** One agent's step or run; model calls and tools nest under it. */
export class AgentSpan extends Span {
  readonly type = 'agent' as const;
  agentName = '';
  agentId: string | undefined = undefined;

  setAgentId(agentId: string): this {
    if (this.writable('setAgentId')) this.agentId = String(agentId);
    return this;
  }
}

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
