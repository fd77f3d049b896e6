/**
 * Finds the Deno and Bun binaries that the SDK's devDependencies install,
 * and fails loudly when one is missing: these tests never skip.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SDK_DIR = fileURLToPath(new URL('../../', import.meta.url));
const requireFromSdk = createRequire(join(SDK_DIR, 'package.json'));

const runs = (file: string) =>
  existsSync(file) && spawnSync(file, ['--version'], { timeout: 30_000 }).status === 0;

/** Bun's own platform package, for when its postinstall was not run (pnpm). */
function bunFromPlatformPackage(): string | undefined {
  const arch = process.arch === 'arm64' ? 'aarch64' : process.arch;
  const fromBun = createRequire(requireFromSdk.resolve('bun/package.json'));
  for (const suffix of ['', '-baseline']) {
    try {
      const name = `@oven/bun-${process.platform}-${arch}${suffix}`;
      const pkg = fromBun.resolve(`${name}/package.json`);
      const file = join(dirname(pkg), 'bin', 'bun');
      if (runs(file)) return file;
    } catch {
      // Not installed for this platform; try the next.
    }
  }
  return undefined;
}

/** The path of a runnable `deno` or `bun`; throws when there is none. */
export function runtimeBinary(name: 'deno' | 'bun'): string {
  const shim = join(SDK_DIR, 'node_modules', '.bin', name);
  if (runs(shim)) return shim;
  const found = name === 'bun' ? bunFromPlatformPackage() : undefined;
  if (found) return found;
  throw new Error(`${name} is not runnable at ${shim}: run \`pnpm install\` ` +
    `(${name} is a devDependency of @robotforge/sdk)`);
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a program to its end (killed after `timeoutMs`) and collects its output. */
export function runProgram(
  file: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<Finished> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd ?? SDK_DIR,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 20_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}
