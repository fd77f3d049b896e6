/**
 * The work a fault scenario puts through the client: concurrent agent
 * runs whose tool calls and model calls nest and interleave across
 * awaits, as in a busy server. Also a guard that collects unhandled
 * rejections and uncaught exceptions while a scenario runs.
 */
import type { TelemetryClient } from '../../src/runtimes/node.js';

/** Events one agent run produces: the agent, 3 tools, 2 model calls per tool. */
export const EVENTS_PER_RUN = 10;
const TOOLS_PER_RUN = 3;
const MODEL_CALLS_PER_TOOL = 2;

/** The part of the client the workload uses, so any build can be driven. */
export type TracingClient = Pick<TelemetryClient,
  'traceAgent' | 'traceToolExecution' | 'traceModelCall' | 'flush' | 'close' | 'stats'>;

/** What the user's code saw while the workload ran. */
export interface WorkResult {
  /** Spans started, hence events produced (nothing is sampled out). */
  produced: number;
  /** Exceptions that reached the user's code. */
  userErrors: string[];
  /** Traced calls whose return value was not what the function returned. */
  wrongReturns: number;
}

const pause = (turn: number) =>
  new Promise<void>((resolve) =>
    turn % 3 === 0 ? setImmediate(resolve) : setTimeout(resolve, turn % 4));

/** Runs `runs` agent runs at once, each with nested, interleaved children. */
export async function produceEvents(client: TracingClient, runs: number,
  label = 'run'): Promise<WorkResult> {
  const result: WorkResult = { produced: 0, userErrors: [], wrongReturns: 0 };

  const modelCall = (run: number, tool: number, call: number) =>
    client.traceModelCall({ provider: 'fault-test', model: 'm-1',
      input: `prompt ${label} ${run}.${tool}.${call}` }, async (span) => {
      result.produced++;
      await pause(run + call);
      span.setOutput(`answer ${run}.${tool}.${call}`).setTokens({ input: 3, output: 5 });
      return call;
    });
  const toolCall = (run: number, tool: number) =>
    client.traceToolExecution({ toolName: `tool${tool}` }, async (span) => {
      result.produced++;
      for (let call = 0; call < MODEL_CALLS_PER_TOOL; call++) {
        if ((await modelCall(run, tool, call)) !== call) result.wrongReturns++;
      }
      span.setResponsePayload({ ok: true, tool });
      return tool;
    });
  const agentRun = (run: number) =>
    client.traceAgent({ agentName: 'fault-agent', input: { run } }, async () => {
      result.produced++;
      await pause(run);
      const tools = Array.from({ length: TOOLS_PER_RUN }, (_, tool) => toolCall(run, tool));
      const returned = await Promise.all(tools);
      if (returned.some((value, tool) => value !== tool)) result.wrongReturns++;
      return run;
    });

  await Promise.all(Array.from({ length: runs }, async (_, run) => {
    try {
      if ((await agentRun(run)) !== run) result.wrongReturns++;
    } catch (error) {
      result.userErrors.push(String(error));
    }
  }));
  return result;
}

/** Collects unhandled rejections and uncaught exceptions until stopped. */
export function watchProcess() {
  const seen: string[] = [];
  const onRejection = (reason: unknown) => seen.push(`unhandled rejection: ${reason}`);
  const onException = (error: unknown) => seen.push(`uncaught exception: ${error}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    seen,
    /** Waits a moment for late reports, then stops listening. */
    async stop(): Promise<string[]> {
      await new Promise((resolve) => setTimeout(resolve, 50));
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
      return seen;
    },
  };
}
