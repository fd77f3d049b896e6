import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser (scripts/ensure-chromium.mjs).
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testMatch: ['packages/*/test/e2e/**/*.spec.ts', 'examples/test/**/*.spec.ts'],
  timeout: 120_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    headless: true,
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
