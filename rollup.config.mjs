// Builds every package of the workspace: ESM for each entry, CJS where Node
// `require` needs it, and `.d.ts` declarations beside them.
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import typescript from '@rollup/plugin-typescript';
import { ctsDeclarations } from './scripts/cts-declarations.mjs';

const SDK_ENTRIES = {
  node: 'src/runtimes/node.ts',
  browser: 'src/runtimes/browser.ts',
  default: 'src/runtimes/default.ts',
  workerd: 'src/runtimes/workerd.ts',
  'edge-light': 'src/runtimes/edge-light.ts',
  deno: 'src/runtimes/deno.ts',
  bun: 'src/runtimes/bun.ts',
  schema: 'src/schema.ts',
  otlp: 'src/otlp.ts',
  'otlp-proto': 'src/otlp-proto.ts',
  openai: 'src/integrations/openai.ts',
  anthropic: 'src/integrations/anthropic.ts',
  'ai-sdk': 'src/integrations/ai-sdk.ts',
  pricing: 'src/integrations/pricing.ts',
};
const SDK_CJS_ENTRIES = ['node', 'schema', 'openai', 'anthropic', 'ai-sdk', 'pricing', 'otlp',
  'otlp-proto'];

const COLLECTOR_ENTRIES = {
  cli: 'src/cli.ts',
  index: 'src/index.ts',
};

// `--environment only:sdk` (or `only:collector`) builds one package alone.
const only = process.env.only;
if (only !== undefined && only !== 'sdk' && only !== 'collector') {
  throw new Error(`only: expected sdk or collector, got ${only}`);
}
const building = (name) => only === undefined || only === name;

// Start from empty output folders so no stale chunk is ever shipped.
for (const name of ['sdk', 'collector']) {
  if (building(name)) rmSync(`packages/${name}/dist`, { recursive: true, force: true });
}

const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const external = (id) =>
  nodeBuiltins.has(id) ||
  /^(nanoid|ofetch|valibot|better-sqlite3|protobufjs|@robotforge\/sdk)(\/|$)/.test(id);

const entriesOf = (dir, entries, names = Object.keys(entries)) =>
  Object.fromEntries(names.map((name) => [name, `${dir}/${entries[name]}`]));

const ts = (dir, declarations) =>
  typescript({
    tsconfig: `${dir}/tsconfig.json`,
    declaration: declarations,
    declarationDir: declarations ? `${dir}/dist` : undefined,
    outDir: `${dir}/dist`,
  });

const onwarn = (warning, warn) => {
  if (warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

const sdkBuilds = [
  {
    input: entriesOf('packages/sdk', SDK_ENTRIES),
    external,
    onwarn,
    plugins: [ts('packages/sdk', true), ctsDeclarations('packages/sdk/dist')],
    output: { dir: 'packages/sdk/dist', format: 'es', entryFileNames: '[name].js',
      chunkFileNames: 'shared/[name]-[hash].js' },
  },
  {
    input: entriesOf('packages/sdk', SDK_ENTRIES, SDK_CJS_ENTRIES),
    external,
    onwarn,
    plugins: [ts('packages/sdk', false)],
    output: { dir: 'packages/sdk/dist', format: 'cjs', entryFileNames: '[name].cjs',
      chunkFileNames: 'shared/[name]-[hash].cjs', exports: 'named' },
  },
];

const collectorBuilds = [
  {
    input: entriesOf('packages/collector', COLLECTOR_ENTRIES),
    external,
    onwarn,
    plugins: [ts('packages/collector', true)],
    output: { dir: 'packages/collector/dist', format: 'es', entryFileNames: '[name].js',
      chunkFileNames: 'shared/[name]-[hash].js' },
  },
];

export default [
  ...(building('sdk') ? sdkBuilds : []),
  ...(building('collector') ? collectorBuilds : []),
];
