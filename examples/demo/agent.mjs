/**
 * The demo's research agent, written with the real `openai` client. It
 * plans, hands each step to a researcher agent (the steps run
 * concurrently), calls tools, meets a failing search and retries it,
 * checks the figures with a calculator, and writes the answer. Tracing
 * takes two lines: `wrapOpenAI` for the client and `traceAgent` for the
 * agents; every tool call is a `traceToolExecution`.
 */
import OpenAI from 'openai';
import { wrapOpenAI } from '@robotforge/sdk/openai';
import { TOOL_SPECS, calculate, webSearch } from './tools.mjs';

const MODEL = 'gpt-4o-mini';
const SEARCH_RETRIES = 2;

/**
 * Runs the agent once.
 * @param {{ telemetry: import('@robotforge/sdk').TelemetryClient, baseURL: string,
 *   question: string }} options
 */
export async function runAgent({ telemetry, baseURL, question }) {
  const openai = wrapOpenAI(new OpenAI({ baseURL, apiKey: 'sk-demo-not-a-real-key' }),
    { telemetry });

  const tool = (toolName, input, fn) =>
    telemetry.traceToolExecution({ toolName, action: toolName, input }, async (span) => {
      const output = await fn();
      span.setOutput(output);
      return output;
    });

  /** One chat turn that may call a tool, then answers with the tool's result. */
  async function withTool(system, user, toolName, run) {
    const messages = [{ role: 'system', content: system }, { role: 'user', content: user }];
    const stream = await openai.chat.completions.create({
      model: MODEL, messages, tools: [TOOL_SPECS[toolName]], stream: true, temperature: 0,
    });
    const calls = [];
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        const call = (calls[delta.index] ??= { id: '', name: '', arguments: '' });
        call.id ||= delta.id ?? '';
        call.name ||= delta.function?.name ?? '';
        call.arguments += delta.function?.arguments ?? '';
      }
    }
    const call = calls[0];
    const result = await run(JSON.parse(call.arguments || '{}'));
    messages.push(
      { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function',
        function: { name: call.name, arguments: call.arguments } }] },
      { role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) },
    );
    const answer = await openai.chat.completions.create({ model: MODEL, messages });
    return answer.choices[0].message.content;
  }

  async function search(query) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await tool('web_search', { query, attempt }, () => webSearch(query));
      } catch (error) {
        if (attempt >= SEARCH_RETRIES) throw error;
      }
    }
  }

  return telemetry.traceAgent({ agentName: 'research-assistant', input: question },
    async (root) => {
      const plan = await openai.chat.completions.create({
        model: MODEL,
        messages: [
          { role: 'system', content: 'PLANNER: split the question into research steps.' },
          { role: 'user', content: question },
        ],
      });
      const { steps } = JSON.parse(plan.choices[0].message.content);

      const findings = await Promise.all(steps.map((step, i) =>
        telemetry.traceAgent({ agentName: 'researcher', agentId: `researcher-${i + 1}`,
          input: step }, () =>
          withTool('RESEARCHER: answer with a figure from a web search.', step,
            'web_search', ({ query }) => search(query)))));

      const comparison = await telemetry.traceAgent({ agentName: 'analyst', input: findings },
        () => withTool('ANALYST: compare the figures with the calculator.',
          findings.join(' '), 'calculator',
          ({ expression }) => tool('calculator', { expression }, () => calculate(expression))));

      const final = await openai.chat.completions.create({
        model: MODEL,
        stream: true,
        messages: [
          { role: 'system', content: 'WRITER: answer the question from the findings.' },
          { role: 'user', content: [question, ...findings, comparison].join('\n') },
        ],
      });
      let answer = '';
      for await (const chunk of final) answer += chunk.choices[0]?.delta.content ?? '';
      root.setOutput(answer);
      return answer;
    });
}
