// @vitest-environment happy-dom
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningCollector } from '../src/index.js';
import { VIEWER_HTML } from '../src/viewer/page.js';
import { VIEWER_JS } from '../src/viewer/script.js';
import { T0_MS, agentTrace, send, startTestCollector } from './fixtures.js';

const IMG_PAYLOAD = '<img src=x onerror="globalThis.__xss = 1">';
const SCRIPT_PAYLOAD = '<script>globalThis.__xss = 2</script>';

let collector: RunningCollector;
let traceId: string;

// The viewer runs in happy-dom; its fetch calls go to a real collector.
beforeAll(async () => {
  collector = await startTestCollector({ rateLimit: false });
  const events = agentTrace(T0_MS, { sessionId: SCRIPT_PAYLOAD });
  events[0]!.name = IMG_PAYLOAD;
  events[2]!.input = IMG_PAYLOAD;
  events[2]!.output = SCRIPT_PAYLOAD;
  events[3]!.error = { type: 'Error', message: IMG_PAYLOAD, stack: SCRIPT_PAYLOAD };
  events[3]!.metadata = { [IMG_PAYLOAD]: SCRIPT_PAYLOAD };
  collector.store.insert(events);
  traceId = events[0]!.traceId;

  type Init = { headers?: Record<string, string> };
  vi.stubGlobal('fetch', async (path: string, init?: Init) => {
    const answer = await send(collector.url, 'GET', path, { headers: init?.headers });
    return new Response(answer.text, { status: answer.status });
  });
  vi.useFakeTimers({ toFake: ['setInterval'] });
  // The stylesheet and script tags are dropped: happy-dom would fetch them.
  const html = VIEWER_HTML.replace(/<(link|script)\b[^>]*>(<\/script>)?/g, '');
  const page = new DOMParser().parseFromString(html, 'text/html');
  document.body.replaceChildren(...Array.from(page.body.childNodes));
  (0, eval)(VIEWER_JS);
});

afterAll(async () => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  await collector.close();
});

async function waitFor<T>(find: () => T | null | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const found = find();
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('timed out waiting for the viewer');
}

const byTestId = (id: string) => document.querySelector(`[data-testid="${id}"]`);
const SPAN_ROWS = '[data-testid="span-row"]';
const app = () => document.getElementById('app')!;

describe('viewer', () => {
  it('lists traces with captured values shown as text', async () => {
    const row = await waitFor(() => byTestId('trace-row'));

    expect(document.querySelectorAll('[data-testid="trace-row"]')).toHaveLength(1);
    expect(row.getAttribute('data-trace-id')).toBe(traceId);
    expect(row.textContent).toContain(IMG_PAYLOAD);
    expect(row.textContent).toContain(SCRIPT_PAYLOAD);
    expect(app().querySelector('img, script')).toBeNull();
    expect(byTestId('stat-traces')!.textContent).toContain('1');
    expect(byTestId('chart-tokens')!.querySelectorAll('rect').length).toBe(24);
  });

  it('draws the span tree with depth and marks the agent span', async () => {
    location.hash = `#/trace/${traceId}`;
    await waitFor(() => byTestId('span-row'));

    const rows = Array.from(document.querySelectorAll<HTMLElement>(SPAN_ROWS));
    const tree = rows.map((row) => [row.dataset.spanName, row.dataset.depth]);
    expect(tree).toEqual([
      [IMG_PAYLOAD, '0'], ['first call', '1'], ['second call', '1'], ['search', '1'],
    ]);
    expect(rows[0]!.classList.contains('type-agent')).toBe(true);
    expect(rows[0]!.textContent).toContain('agent planner');
    expect(app().querySelector('img, script')).toBeNull();
  });

  it('shows input, output and tokens of a clicked span as text', async () => {
    const second = document.querySelector<HTMLElement>('[data-span-name="second call"]')!;

    second.click();

    expect(byTestId('span-input')!.textContent).toBe(IMG_PAYLOAD);
    expect(byTestId('span-output')!.textContent).toBe(SCRIPT_PAYLOAD);
    const dot = '\u00b7';
    const tokens = `input 20 ${dot} output 5 ${dot} total 25`;
    expect(byTestId('span-tokens')!.textContent).toBe(tokens);
    expect(app().querySelector('img, script')).toBeNull();
  });

  it('shows the error with its stack and the metadata as text', async () => {
    const search = document.querySelector<HTMLElement>('[data-span-name="search"]')!;

    search.click();

    const error = byTestId('span-error')!;
    expect(error.textContent).toContain(`Error: ${IMG_PAYLOAD}`);
    expect(error.querySelector('pre')!.textContent).toBe(SCRIPT_PAYLOAD);
    expect(byTestId('span-metadata')!.textContent).toBe(
      JSON.stringify({ [IMG_PAYLOAD]: SCRIPT_PAYLOAD }, null, 2),
    );
    expect(app().querySelector('img, script')).toBeNull();
    expect((globalThis as { __xss?: number }).__xss).toBeUndefined();
  });
});
