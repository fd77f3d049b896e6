// Part 4, bundle size: what a page pays for each SDK. Every entry below
// creates a client or tracer and records one span; esbuild bundles it
// with everything it imports for the browser, minified, and node:zlib
// gzips it at level 9 (the method of scripts/size.mjs).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { isMain, runStandalone } from './lib/report.mjs';
import { int, kib } from './lib/stats.mjs';
import { withVersions } from './lib/versions.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SDK_DIR = `${ROOT}packages/sdk/`;
const BROWSER_ENTRY = JSON.stringify(`${SDK_DIR}dist/browser.js`);
const SINK = 'http://127.0.0.1:4319';

/** Minimal browser entries; `packages` name what they bundle. */
const ENTRIES = {
  'robotforge': {
    packages: ['@robotforge/sdk'],
    code: `import { TelemetryClient } from ${BROWSER_ENTRY};
      const client = new TelemetryClient({ endpoint: '${SINK}' });
      client.startModelCall({ model: 'gpt-4o-mini' }).setOutput('world').end();`,
  },
  'robotforge, every export': {
    packages: ['@robotforge/sdk'],
    code: `export * from ${BROWSER_ENTRY};`,
  },
  '@sentry/browser': {
    packages: ['@sentry/browser'],
    code: `import * as Sentry from '@sentry/browser';
      Sentry.init({ dsn: 'http://public@127.0.0.1:4319/1', tracesSampleRate: 1 });
      Sentry.startSpan({ name: 'chat gpt-4o-mini' }, () => {});`,
  },
  'posthog-js': {
    packages: ['posthog-js'],
    code: `import posthog from 'posthog-js';
      posthog.init('phc_bench', { api_host: '${SINK}' });
      posthog.capture('$ai_generation', { $ai_model: 'gpt-4o-mini' });`,
  },
  'langfuse': {
    packages: ['langfuse'],
    code: `import { Langfuse } from 'langfuse';
      const langfuse = new Langfuse({ publicKey: 'pk', secretKey: 'sk', baseUrl: '${SINK}' });
      langfuse.generation({ name: 'chat', model: 'gpt-4o-mini' }).end({ output: 'world' });`,
  },
  'opentelemetry web': {
    packages: ['@opentelemetry/sdk-trace-web', '@opentelemetry/exporter-trace-otlp-http'],
    code: `import { BatchSpanProcessor, WebTracerProvider } from '@opentelemetry/sdk-trace-web';
      import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
      const exporter = new OTLPTraceExporter({ url: '${SINK}/v1/traces' });
      const provider = new WebTracerProvider({
        spanProcessors: [new BatchSpanProcessor(exporter)] });
      provider.getTracer('app').startSpan('chat gpt-4o-mini').end();`,
  },
};

// esbuild is a devDependency of the SDK package, as for scripts/size.mjs.
const { build } = createRequire(`${SDK_DIR}package.json`)('esbuild');

async function measure(code) {
  const result = await build({
    stdin: { contents: code, resolveDir: ROOT, loader: 'js' },
    bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022',
    write: false, logLevel: 'error',
  });
  const bytes = result.outputFiles[0].contents;
  return { minified: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** @returns {Promise<import('./lib/report.mjs').PartResult>} */
export async function run() {
  const sizes = {};
  for (const [name, entry] of Object.entries(ENTRIES)) sizes[name] = await measure(entry.code);

  const ours = sizes.robotforge.gzip;
  const peers = Object.keys(ENTRIES).filter((name) => !name.startsWith('robotforge'));
  const smaller = peers.filter((name) => sizes[name].gzip <= ours);
  return {
    title: 'Bundle size of the browser entry',
    intro: [
      'Each entry creates a client or tracer and records one span (PostHog: one ' +
      '`$ai_generation` event). esbuild bundles it for the browser with everything it ' +
      'imports (ES2022, minified, tree-shaken) and node:zlib gzips it at level 9, ' +
      'the method of `scripts/size.mjs`.',
    ],
    tables: [{
      columns: ['entry', 'minified', 'gzipped', 'gzipped vs robotforge', 'packages'],
      align: 'lrrrl',
      rows: Object.entries(sizes).map(([name, size]) => [name, kib(size.minified),
        `${kib(size.gzip)} (${int(size.gzip)} B)`, (size.gzip / ours).toFixed(1),
        withVersions(ENTRIES[name].packages).join(', ')]),
    }],
    notes: [
      '`robotforge` imports `packages/sdk/dist/browser.js` (run the build first); ' +
      '"every export" keeps the whole entry, for the upper bound.',
      '`langfuse` is the v3 client, which runs in browsers as it is; its browser-only ' +
      '`LangfuseWeb` cannot create traces, so the full client is bundled (a browser ' +
      'page would have to hold the secret key to use it).',
      'Sentry\'s `init` brings its default integrations (breadcrumbs, global error ' +
      'handlers, deduplication), as every Sentry page has them.',
    ],
    targets: [{
      goal: 'the browser entry is the smallest of all',
      measured: smaller.length === 0
        ? `${int(ours)} B gzipped; the smallest peer is ` +
          `${peers.sort((a, b) => sizes[a].gzip - sizes[b].gzip)[0]} at ` +
          `${int(Math.min(...peers.map((n) => sizes[n].gzip)))} B`
        : `${smaller.join(', ')} bundle smaller than robotforge (${int(ours)} B)`,
      met: smaller.length === 0,
    }],
    data: sizes,
  };
}

if (isMain(import.meta.url)) await runStandalone(run);
