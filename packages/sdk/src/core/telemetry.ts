/**
 * The public tracing API: `trace…` wrappers, decorators, `start…` spans
 * and the manual event builders, for model calls, tool executions and
 * agents.
 */
import { ClientCore, type CommonSpanOptions, type SpanClass } from './client.js';
import { TelemetryConfigError } from './config.js';
import {
  AgentSpan,
  text,
  ModelCallEventBuilder,
  ModelCallSpan,
  ToolExecutionEventBuilder,
  ToolExecutionSpan,
} from './kinds.js';
import { setterOf, type Span } from './span.js';
import { runInSpan } from './trace.js';

/** Options of a model call span. */
export interface ModelCallOptions extends CommonSpanOptions {
  provider?: string;
  model?: string;
  temperature?: number;
}

/** Options of a tool execution span; `toolName` is required. */
export interface ToolExecutionOptions extends CommonSpanOptions {
  toolName: string;
  action?: string;
  endpoint?: string;
  httpMethod?: string;
}

/** Options of an agent span; `agentName` is required. */
export interface AgentOptions extends CommonSpanOptions {
  agentName: string;
  agentId?: string;
}

type AnyFunction = (this: any, ...args: any[]) => any;

/**
 * Wraps a function, or decorates a class method (TypeScript 5 standard
 * decorators). The traced function keeps its `this`, name, length, return
 * value and errors; its arguments become the input and its result the
 * output unless it sets them through the active span.
 */
export interface TracingDecorator {
  <F extends AnyFunction>(fn: F): F;
  <F extends AnyFunction>(fn: F, context: ClassMethodDecoratorContext): F;
}

/**
 * Collects and sends telemetry for model calls, tool executions and agent
 * steps.
 *
 * @example
 * ```ts
 * const client = new TelemetryClient({ apiKey: 'rf_pk_…' });
 * const answer = await client.traceModelCall(
 *   { provider: 'openai', model: 'gpt-4o-mini', input: prompt },
 *   async (span) => {
 *     const text = await callModel(prompt);
 *     span.setOutput(text).setTokens({ input: 12, output: 40 });
 *     return text;
 *   },
 * );
 * ```
 */
export class TelemetryClient extends ClientCore {
  /** Runs `fn` inside a model call span and returns what it returns. */
  traceModelCall<T>(options: ModelCallOptions, fn: (span: ModelCallSpan) => T): T {
    return this.#run(this.#model(options), fn);
  }

  /** Runs `fn` inside a tool execution span and returns what it returns. */
  traceToolExecution<T>(
    options: ToolExecutionOptions,
    fn: (span: ToolExecutionSpan) => T,
  ): T {
    return this.#run(this.#tool(options), fn);
  }

  /** Runs `fn` inside an agent span; calls made inside nest under it. */
  traceAgent<T>(options: AgentOptions, fn: (span: AgentSpan) => T): T {
    return this.#run(this.#agent(options), fn);
  }

  /** A decorator or wrapper that traces each call as a model call. */
  traceModelCallDecorator(options: ModelCallOptions = {}): TracingDecorator {
    return this.#decorator((name) => this.#model({ ...options, name: options.name ?? name }));
  }

  /** A decorator or wrapper that traces each call as a tool execution. */
  traceToolExecutionDecorator(options: ToolExecutionOptions): TracingDecorator {
    requireName('toolName', options?.toolName);
    return this.#decorator((name) => this.#tool({ ...options, name: options.name ?? name }));
  }

  /** A decorator or wrapper that traces each call as an agent step. */
  traceAgentDecorator(options: AgentOptions): TracingDecorator {
    requireName('agentName', options?.agentName);
    return this.#decorator((name) => this.#agent({ ...options, name: options.name ?? name }));
  }

  /**
   * Starts a model call span that the caller ends with `span.end()` or a
   * `using` block. It becomes a parent only when passed as `parent`.
   */
  startModelCall(options: ModelCallOptions = {}): ModelCallSpan {
    return this.#model(options);
  }

  /** Starts a tool execution span; see {@link startModelCall}. */
  startToolExecution(options: ToolExecutionOptions): ToolExecutionSpan {
    return this.#tool(options);
  }

  /** Starts an agent span; see {@link startModelCall}. */
  startAgent(options: AgentOptions): AgentSpan {
    return this.#agent(options);
  }

  /** A model call event to fill by hand, then `send()`. */
  createModelCallEvent(options: ModelCallOptions = {}): ModelCallEventBuilder {
    return this.#create(ModelCallEventBuilder, options, 'model_call');
  }

  /** A tool execution event to fill by hand, then `send()`. */
  createToolExecutionEvent(
    options: Partial<ToolExecutionOptions> = {},
  ): ToolExecutionEventBuilder {
    return this.#create(ToolExecutionEventBuilder, options, 'tool_execution');
  }

  #run<S extends Span, T>(span: S, fn: (span: S) => T): T {
    if (typeof fn !== 'function') {
      throw new TelemetryConfigError('fn', 'a function to trace', fn);
    }
    const context = this.runContext;
    if (!context) return fn(span);
    return runInSpan(context, span, fn as (span: Span) => T);
  }

  #decorator(spanFor: (name: string) => Span): TracingDecorator {
    const client = this;
    return function decorate(target: AnyFunction, context?: ClassMethodDecoratorContext) {
      if (typeof target !== 'function') {
        throw new TelemetryConfigError('decorator target', 'a function or method', target);
      }
      const name = context?.name !== undefined ? String(context.name) : target.name;
      const traced = function (this: unknown, ...args: unknown[]) {
        const run = client.runContext;
        if (!run) return target.apply(this, args);
        const span = spanFor(name || 'anonymous');
        if (client.captureContent && !span.inputSet) {
          span.input = args.length === 1 ? args[0] : args;
        }
        return runInSpan(run, span, () => target.apply(this, args), { captureResult: true });
      };
      Object.defineProperty(traced, 'name', { value: target.name, configurable: true });
      Object.defineProperty(traced, 'length', { value: target.length, configurable: true });
      return traced;
    } as TracingDecorator;
  }

  #model(options: ModelCallOptions): ModelCallSpan {
    const model = options?.model;
    const name = typeof model === 'string' && model ? model : 'model_call';
    return this.#create(ModelCallSpan, options, name);
  }

  #tool(options: ToolExecutionOptions): ToolExecutionSpan {
    const name = requireName('toolName', options?.toolName);
    return this.#create(ToolExecutionSpan, options, name);
  }

  #agent(options: AgentOptions): AgentSpan {
    const name = requireName('agentName', options?.agentName);
    return this.#create(AgentSpan, options, name);
  }

  /** A span of `Kind`, with the kind's own options applied through its setters. */
  #create<S extends Span>(Kind: SpanClass<S>, options: CommonSpanOptions, name: string): S {
    const span = this.createSpan(Kind, options ?? {}, name);
    const given = options as Record<string, any> | undefined;
    const fill = span as Record<string, any>;
    const { named, fields } = KIND_OPTIONS[span.type];
    // The manual builders may be created without their name, and set it later.
    if (named && given?.[named]) fill[named] = text(given[named]);
    for (const [field, setter] of fields) {
      const value = given?.[field];
      if (value !== undefined) fill[setter](value);
    }
    return span;
  }
}

/** Per kind: the option that names the span, and the options with a setter. */
const kindOptions = (named: string, ...fields: string[]) =>
  ({ named, fields: fields.map((field) => [field, setterOf(field)] as const) });
const KIND_OPTIONS = {
  model_call: kindOptions('', 'provider', 'model', 'temperature'),
  tool_execution: kindOptions('toolName', 'action', 'endpoint', 'httpMethod'),
  agent: kindOptions('agentName', 'agentId'),
};

function requireName(option: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new TelemetryConfigError(option, 'a non-empty string', value);
  }
  return value;
}
