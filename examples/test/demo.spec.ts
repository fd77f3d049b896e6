import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
// @ts-expect-error plain ESM module without types
import { runDemo } from '../demo/run.mjs';

// The demo runs once on a fresh database; the viewer is then checked the way
// a person would look at it, in Debian's Chromium.
const db = join(tmpdir(), `robotforge-demo-${process.pid}.db`);
let demo: Awaited<ReturnType<typeof runDemo>>;

test.beforeAll(async () => {
  rmSync(db, { force: true });
  demo = await runDemo({ port: 0, db });
});

test.afterAll(async () => {
  await demo?.collector.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
});

test('the demo agent is traced end to end and shown in the viewer', async ({ page },
  testInfo) => {
  expect(existsSync(db)).toBe(true);
  expect(demo.answer).toContain('Lagos');
  expect(demo.stats).toMatchObject({ traces: 1, events: 16, errors: 1 });
  expect(demo.stats.totalTokens).toBeGreaterThan(0);
  expect(demo.delivery).toMatchObject({ queued: 16, sent: 16, failed: 0, dropped: 0 });

  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(demo.collector.url);

  const row = page.getByTestId('trace-row').filter({ hasText: 'research-assistant' });
  await expect(row).toHaveCount(1);
  await row.click();

  const spans = page.getByTestId('span-row');
  await expect(spans).toHaveCount(16);
  const depthOf = async (name: string) =>
    page.locator(`[data-testid="span-row"][data-span-name="${name}"]`).first()
      .getAttribute('data-depth');
  expect(await depthOf('research-assistant')).toBe('0');
  expect(await depthOf('researcher')).toBe('1');
  expect(await depthOf('analyst')).toBe('1');
  expect(await depthOf('web_search')).toBe('2');
  expect(await depthOf('calculator')).toBe('2');
  await expect(page.locator('[data-testid="span-row"][data-span-name="researcher"]'))
    .toHaveCount(2);
  await expect(page.locator('[data-testid="span-row"][data-span-name="web_search"]'))
    .toHaveCount(3);

  // A model call's tokens.
  await page.locator('[data-testid="span-row"][data-type="model_call"]').first().click();
  await expect(page.getByTestId('span-tokens')).toContainText(/\d/);

  // The failed search shows its error and stack.
  const searches = page.locator('[data-testid="span-row"][data-span-name="web_search"]');
  let sawError = false;
  let sawMarkup = false;
  for (let i = 0; i < 3; i++) {
    await searches.nth(i).click();
    const error = page.getByTestId('span-error');
    if (await error.count() && /SearchTimeoutError/.test(await error.innerText())) {
      sawError = true;
      await expect(error).toContainText('timed out');
    } else {
      // The search snippet holds markup: shown as text, never run.
      await expect(page.getByTestId('span-output')).toContainText('<img src=x onerror=');
      sawMarkup = true;
    }
  }
  expect(sawError).toBe(true);
  expect(sawMarkup).toBe(true);
  expect(await page.locator('#app img').count()).toBe(0);
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  expect(problems).toEqual([]);

  const screenshot = testInfo.outputPath('demo-viewer.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach('demo viewer', { path: screenshot, contentType: 'image/png' });
});
