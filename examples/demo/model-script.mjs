/**
 * How the demo's stand-in model answers. The stand-in speaks OpenAI's wire
 * format (examples/lib/mock-openai.mjs); this script only picks the words:
 * each agent role is named in its system prompt, and the model answers
 * with a plan, a tool call, or text, the way a real model would.
 */

const SEARCH_TOOL = 'web_search';
const CALCULATOR_TOOL = 'calculator';

/** @param {any[]} messages */
const systemOf = (messages) =>
  String(messages.find((m) => m.role === 'system')?.content ?? '');
/** @param {any[]} messages */
const lastOf = (messages) => messages.at(-1) ?? { role: 'user', content: '' };
/** @param {any[]} messages */
const userText = (messages) =>
  String([...messages].reverse().find((m) => m.role === 'user')?.content ?? '');

/** The answer for one chat completion request. */
export function demoScript(request) {
  const messages = request.body?.messages;
  if (!Array.isArray(messages)) return undefined;
  const system = systemOf(messages);
  const last = lastOf(messages);

  if (system.includes('PLANNER')) {
    return {
      text: JSON.stringify({
        steps: ['Population of Lagos in 2024', 'Population of Nairobi in 2024'],
      }),
    };
  }
  if (system.includes('RESEARCHER')) {
    if (last.role === 'tool') {
      const figure = String(last.content).match(/([\d.]+) million/)?.[1] ?? 'unknown';
      return { text: `${userText(messages)}: about ${figure} million people.` };
    }
    return { toolCall: { name: SEARCH_TOOL, arguments: { query: userText(messages) } } };
  }
  if (system.includes('ANALYST')) {
    if (last.role === 'tool') {
      return { text: `Lagos has about ${last.content} times the population of Nairobi.` };
    }
    const numbers = userText(messages).match(/[\d.]+(?= million)/g) ?? ['1', '1'];
    return { toolCall: { name: CALCULATOR_TOOL,
      arguments: { expression: `${numbers[0]} / ${numbers[1]}` } } };
  }
  if (system.includes('WRITER')) {
    return { text: 'Lagos (about 16.5 million people) is roughly three times the size ' +
      'of Nairobi (about 5.3 million), according to the web search results.' };
  }
  return undefined;
}
