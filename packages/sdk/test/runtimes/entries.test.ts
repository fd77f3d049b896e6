// Case F8: each entry loads in every runtime it claims, and the shared code
// touches no runtime-specific module or global while it is being loaded.
// Deno, Bun, workerd, edge-light and browsers load their entries in their
// own tests; this file checks the built files and the Node-side entries.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { EdgeRuntime } from 'edge-runtime';
import { describe, expect, it } from 'vitest';
import { runProgram, SDK_DIR } from './binaries.js';
import { CONDITIONS } from './bundle.js';
import { isNodeBuiltin, scanFile, scanGraph } from './scan.js';

const DIST = join(SDK_DIR, 'dist');
/** Entries that may import `node:` modules: their runtimes all provide them. */
const NODE_LIKE = ['node.js', 'node.cjs', 'deno.js', 'bun.js'];
const WEB_LIKE = ['browser.js', 'workerd.js', 'edge-light.js', 'default.js'];

describe('the built files', () => {
  it.each([...NODE_LIKE, ...WEB_LIKE])('%s touches no runtime global at load', (entry) => {
    const touched = scanGraph(join(DIST, entry))
      .flatMap((f) => f.topLevelGlobals.map((g) => `${f.file}: ${g}`));
    expect(touched).toEqual([]);
  });

  it.each(WEB_LIKE)('%s and its chunks import no node: module', (entry) => {
    const imports = scanGraph(join(DIST, entry))
      .flatMap((f) => f.imports.filter(isNodeBuiltin).map((i) => `${f.file}: ${i}`));
    expect(imports).toEqual([]);
  });

  it('the shared chunks import no node: module, whichever entry uses them', () => {
    const chunks = NODE_LIKE.flatMap((entry) => scanGraph(join(DIST, entry)))
      .filter((f) => f.file.includes('/shared/'));
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.flatMap((f) => f.imports.filter(isNodeBuiltin))).toEqual([]);
  });

  it('the scan sees a global touched at load, and not one inside a function', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rf-scan-'));
    const file = join(dir, 'probe.js');
    writeFileSync(file, [
      "import { x } from 'node:fs';",
      'const env = process.env;',
      'export const ok = () => window.location;',
      'class A { field = navigator.userAgent; static s = Deno.env; }',
      'export const reach = globalThis.document;',
    ].join('\n'));
    const scanned = scanFile(file);
    expect(scanned.imports).toEqual(['node:fs']);
    expect(scanned.topLevelGlobals).toEqual(['process (line 2)', 'Deno (line 4)',
      'document (line 5)']);
  });
});

describe('the exports map', () => {
  const picked = async (conditions: readonly string[], specifier = '@robotforge/sdk') => {
    const result = await build({
      stdin: { contents: `import * as sdk from '${specifier}'; console.log(sdk);`,
        resolveDir: SDK_DIR },
      absWorkingDir: SDK_DIR, bundle: true, write: false, metafile: true,
      platform: 'neutral', format: 'esm',
      conditions: [...conditions], mainFields: ['module', 'main'],
      external: ['nanoid', 'ofetch', 'valibot', 'node:*'], logLevel: 'error',
    });
    return result.metafile.inputs['<stdin>']?.imports[0]?.path;
  };

  // `require` is checked for real, in Node, below.
  it.each([
    [CONDITIONS.workerd, 'dist/workerd.js'],
    [CONDITIONS['edge-light'], 'dist/edge-light.js'],
    [['deno', 'import'], 'dist/deno.js'],
    [['bun', 'import'], 'dist/bun.js'],
    [CONDITIONS.browser, 'dist/browser.js'],
    [['node', 'import'], 'dist/node.js'],
    [['import'], 'dist/default.js'],
  ])('conditions %j pick %s', async (conditions, file) => {
    expect(await picked(conditions)).toBe(file);
  });

  it.each([
    ['node', 'dist/node.js'], ['browser', 'dist/browser.js'],
    ['workerd', 'dist/workerd.js'], ['edge', 'dist/edge-light.js'],
    ['deno', 'dist/deno.js'], ['bun', 'dist/bun.js'],
  ])('the /%s subpath picks %s under any condition', async (subpath, file) => {
    expect(await picked(['import'], `@robotforge/sdk/${subpath}`)).toBe(file);
  });
});

/** Loads an entry in a fresh Node process and reports the runtime it sends as. */
const RUNTIME_PROBE = `
  const client = new sdk.TelemetryClient({ transport: { send: async (batch) => {
    console.log(batch.sdk.runtime); return { kind: 'sent' }; } } });
  client.traceModelCall({}, () => 1);
  await client.flush();`;

describe('the Node-side entries load in Node', () => {
  it.each([
    ['an import of the package', 'node', "const sdk = await import('@robotforge/sdk');"],
    ['a require of the package', 'node', "const sdk = require('@robotforge/sdk');"],
    ['an import of /node', 'node', "const sdk = await import('@robotforge/sdk/node');"],
    ['the default entry', 'default', "const sdk = await import('./dist/default.js');"],
  ])('%s sends as %s', async (_, runtime, load) => {
    const script = `const { createRequire } = await import('node:module');
      const require = createRequire(process.cwd() + '/package.json');
      ${load} ${RUNTIME_PROBE}`;
    const run = await runProgram(process.execPath, ['--input-type=module', '-e', script]);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(runtime);
  });

  it('the default entry also loads in a bare web-standard runtime', async () => {
    const result = await build({
      stdin: { contents: `import * as sdk from './dist/default.js';
        globalThis.probe = async () => { ${RUNTIME_PROBE} };`, resolveDir: SDK_DIR },
      bundle: true, write: false, format: 'iife', platform: 'neutral',
      mainFields: ['module', 'main'], conditions: ['worker', 'browser'], logLevel: 'error',
    });
    const logs: string[] = [];
    const runtime = new EdgeRuntime({ initialCode: result.outputFiles[0]!.text,
      extend: (context) => Object.assign(context,
        { console: { ...console, log: (line: string) => logs.push(line) } }) });
    await runtime.evaluate('probe()');
    expect(logs).toEqual(['default']);
  });
});

it('ships a .d.cts beside every .d.ts, with .cjs specifiers', () => {
  const cts = readFileSync(join(DIST, 'runtimes/node.d.cts'), 'utf8');
  expect(cts).toMatch(/from '\.\.\/core\/[\w-]+\.cjs'/);
  expect(cts).not.toMatch(/from '\.{1,2}\/[^']+\.js'/);
});
