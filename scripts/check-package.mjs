#!/usr/bin/env node
// Lints the built SDK as it would be published: publint (strict: warnings
// fail too) and Are the Types Wrong. Run after `pnpm build`:
//
//   node scripts/check-package.mjs
//
// attw runs with two deliberate exceptions:
// - `--profile node16` ignores `moduleResolution: "node"` (node10), which
//   cannot resolve subpath exports such as `@robotforge/sdk/workerd`;
// - `cjs-resolves-to-esm` is ignored because the runtime subpaths
//   (`/browser`, `/workerd`, `/edge`, `/deno`, `/bun`) are ESM only on
//   purpose: every one of those runtimes loads ES modules. The root entry,
//   `/node` and the other Node-facing subpaths are dual ESM and CommonJS.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SDK_DIR = fileURLToPath(new URL('../packages/sdk/', import.meta.url));
const bin = (name) => `${SDK_DIR}node_modules/.bin/${name}`;

const CHECKS = [
  ['publint', bin('publint'), ['--pack', 'npm', '--strict', '.']],
  ['attw', bin('attw'), ['--pack', '.', '--profile', 'node16', '--format', 'table-flipped',
    '--ignore-rules', 'cjs-resolves-to-esm']],
];

if (!existsSync(`${SDK_DIR}dist/node.js`)) {
  console.error('check-package: packages/sdk/dist is missing; run the build first');
  process.exit(2);
}

let failed = 0;
for (const [name, file, args] of CHECKS) {
  if (!existsSync(file)) {
    console.error(`check-package: ${name} is not installed; run pnpm install`);
    process.exit(2);
  }
  console.log(`\n$ ${name} ${args.join(' ')}`);
  const { status } = spawnSync(file, args, { cwd: SDK_DIR, stdio: 'inherit' });
  if (status !== 0) {
    failed++;
    console.error(`check-package: ${name} failed (exit ${status})`);
  }
}
process.exit(failed === 0 ? 0 : 1);
