/**
 * Runs the plain-JavaScript children of this folder (`heap-child.mjs`,
 * `close-child.mjs`) in a fresh Node process against the SDK sources,
 * bundled once by esbuild into a temporary folder.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const NODE_ENTRY = join(here, '../../src/runtimes/node.ts');

/** Bundles the Node entry of the SDK sources; returns its path and a cleanup. */
export async function bundleSdk(): Promise<{ path: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'robotforge-faults-'));
  const path = join(dir, 'sdk.mjs');
  await build({ entryPoints: [NODE_ENTRY], bundle: true, platform: 'node',
    format: 'esm', outfile: path, logLevel: 'silent' });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What a child printed and how it ended. */
export interface ChildResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node [...nodeFlags] <script> ...args` and waits for it to exit. */
export function runChild(script: string, args: string[], nodeFlags: string[] = [],
  timeoutMs = 60_000): Promise<ChildResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...nodeFlags, join(here, script), ...args],
      { timeout: timeoutMs }, (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        resolve({ code: Number.isNaN(code) ? 1 : code, stdout, stderr });
      });
  });
}

/** The last line of a child's output, parsed; undefined when it printed none. */
export function lastJsonLine<T>(stdout: string): T | undefined {
  const line = stdout.trim().split('\n').pop();
  if (!line) return undefined;
  try {
    return JSON.parse(line) as T;
  } catch {
    return undefined;
  }
}
