/**
 * The demo agent's tools: a web search stand-in (whose first call for one
 * query fails, as real backends do) and a calculator.
 */

const RESULTS = {
  lagos: { figure: '16.5', source: 'https://stats.example.ng/lagos' },
  nairobi: { figure: '5.3', source: 'https://stats.example.ke/nairobi' },
};

let flaky = true;

/**
 * Searches the stand-in index. Snippets carry HTML, as search APIs' often
 * do; the viewer must show it as text.
 */
export async function webSearch(query) {
  await new Promise((resolve) => setTimeout(resolve, 40 + Math.random() * 60));
  const key = query.toLowerCase().includes('nairobi') ? 'nairobi' : 'lagos';
  if (key === 'nairobi' && flaky) {
    flaky = false;
    const error = new Error('search backend timed out after 30000 ms');
    error.name = 'SearchTimeoutError';
    throw error;
  }
  const { figure, source } = RESULTS[key];
  return [{
    title: `${key[0].toUpperCase()}${key.slice(1)} population`,
    url: source,
    snippet: `<b>${figure} million</b> residents <img src=x onerror="window.__xss=1">`,
  }];
}

/** Evaluates `a / b`, `a * b`, `a + b` or `a - b` on two numbers. */
export function calculate(expression) {
  const match = /^\s*([\d.]+)\s*([-+*/])\s*([\d.]+)\s*$/.exec(expression);
  if (!match) throw new Error(`cannot evaluate ${JSON.stringify(expression)}`);
  const [a, op, b] = [Number(match[1]), match[2], Number(match[3])];
  const value = op === '/' ? a / b : op === '*' ? a * b : op === '+' ? a + b : a - b;
  return Math.round(value * 100) / 100;
}

/** Resets the flaky search, so every demo run meets the failure once. */
export function resetTools() {
  flaky = true;
}

export const TOOL_SPECS = {
  web_search: {
    type: 'function',
    function: {
      name: 'web_search',
      description: 'Search the web and return results with snippets.',
      parameters: { type: 'object', properties: { query: { type: 'string' } },
        required: ['query'] },
    },
  },
  calculator: {
    type: 'function',
    function: {
      name: 'calculator',
      description: 'Evaluate a simple arithmetic expression.',
      parameters: { type: 'object', properties: { expression: { type: 'string' } },
        required: ['expression'] },
    },
  },
};
