import { expect, test } from '@playwright/test';
import { startCollector, type RunningCollector } from '../../src/index.js';
import { T0_MS, agentTrace } from '../fixtures.js';

// Each payload would set window.__xss or open a dialog if it ever ran.
const PAYLOADS = [
  '<img src=x onerror="window.__xss = 1; alert(1)">',
  '<script>window.__xss = 2; alert(2)</script>',
  '<svg onload="window.__xss = 3">',
];

let collector: RunningCollector;
let traceId: string;

test.beforeAll(async () => {
  collector = await startCollector({ port: 0, db: ':memory:' });
  const events = agentTrace(T0_MS, { sessionId: PAYLOADS[1], userId: PAYLOADS[2] });
  events[0]!.name = PAYLOADS[0]!;
  events[1]!.input = PAYLOADS[0]!;
  events[1]!.output = PAYLOADS[1]!;
  events[3]!.error = { type: PAYLOADS[2]!, message: PAYLOADS[0]!, stack: PAYLOADS[1]! };
  events[3]!.metadata = { note: PAYLOADS[2] };
  collector.store.insert(events);
  traceId = events[0]!.traceId;
});

test.afterAll(() => collector.close());

test('captured markup stays text in a real browser', async ({ page }) => {
  const problems: string[] = [];
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

  const response = await page.goto(`${collector.url}/`);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

  const row = page.getByTestId('trace-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(PAYLOADS[0]!);
  await row.click();

  await expect(page.getByTestId('span-row')).toHaveCount(4);
  await page.locator('[data-testid="span-row"][data-span-name="first call"]').click();
  await expect(page.getByTestId('span-output')).toHaveText(PAYLOADS[1]!);
  await expect(page.getByTestId('span-input')).toHaveText(PAYLOADS[0]!);
  await page.locator('[data-testid="span-row"][data-span-name="search"]').click();
  await expect(page.getByTestId('span-error')).toContainText(PAYLOADS[0]!);

  const injected = await page.locator('#app img, #app script, #app svg[onload]').count();
  expect(injected).toBe(0);
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  expect(problems).toEqual([]);
});

test('the waterfall nests spans under the agent', async ({ page }) => {
  await page.goto(`${collector.url}/#/trace/${traceId}`);

  const rows = page.getByTestId('span-row');
  await expect(rows).toHaveCount(4);
  const depths = await rows.evaluateAll((nodes) =>
    nodes.map((node) => (node as HTMLElement).dataset.depth),
  );
  expect(depths).toEqual(['0', '1', '1', '1']);
  await expect(rows.first()).toHaveAttribute('data-type', 'agent');
});
