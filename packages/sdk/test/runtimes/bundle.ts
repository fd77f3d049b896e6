/**
 * Bundles a fixture the way a runtime's own tooling would: wrangler's
 * conditions for workerd, Next.js's for edge-light, a browser bundler's
 * for pages. The package is imported by name and resolved through its own
 * `exports` map, so the bundle holds the entry each condition picks.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** Export conditions, most specific first, as each platform's bundler uses them. */
export const CONDITIONS = {
  workerd: ['workerd', 'worker', 'browser'],
  'edge-light': ['edge-light', 'worker', 'browser'],
  browser: ['browser'],
} as const;

/** The text of `fixture` (relative to test/runtimes/fixtures) bundled as one ES module. */
export async function bundleFixture(
  fixture: string,
  target: keyof typeof CONDITIONS,
  format: 'esm' | 'iife' = 'esm',
): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`fixtures/${fixture}`, import.meta.url))],
    bundle: true,
    write: false,
    format,
    platform: target === 'browser' ? 'browser' : 'neutral',
    conditions: [...CONDITIONS[target]],
    mainFields: ['browser', 'module', 'main'],
    external: ['node:*', 'cloudflare:*'],
    target: 'es2022',
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}
