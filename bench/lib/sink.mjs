// A loopback HTTP server that stands in for every vendor's ingest API: it
// reads each body, counts it, and answers 200 at once with the smallest
// body the SDK accepts. It runs in its own process so that its CPU is never
// counted against the SDK being measured.
//
// Each SDK is pointed at `${url}/s/<tag>`, so bytes are counted per SDK.
// The few answers that are not `{}` are the ones an SDK reads before it
// sends anything: Braintrust logs in and registers a project first.
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { serve, startWorker } from './worker.mjs';

const TAGGED = /^\/s\/([\w-]+)(\/.*)?$/;

/** Answers for paths that need more than `{}`; `base` is the SDK's own prefix. */
function answerFor(path, base) {
  if (path === '/api/apikey/login') {
    const org = { id: 'bench-org', name: 'bench', api_url: base, proxy_url: base };
    return { org_info: [{ ...org, git_metadata: null }] };
  }
  if (path === '/api/project/register') {
    return { project: { id: 'bench-project', name: 'bench' } };
  }
  return {};
}

/** Counts the spans of an OTLP/JSON body (for the OTLP fallback of the delivery bench). */
function countOtlpSpans(body, encoding) {
  const text = (encoding === 'gzip' ? gunzipSync(body) : body).toString('utf8');
  let spans = 0;
  for (const resource of JSON.parse(text).resourceSpans ?? []) {
    for (const scope of resource.scopeSpans ?? []) spans += scope.spans?.length ?? 0;
  }
  return spans;
}

function runServer() {
  const counts = {};
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const match = TAGGED.exec(req.url.split('?')[0]);
      const tag = match?.[1] ?? 'untagged';
      const path = match?.[2] ?? '/';
      const body = Buffer.concat(chunks);
      const count = (counts[tag] ??= { requests: 0, bytes: 0, otlpSpans: 0 });
      count.requests++;
      count.bytes += body.length;
      if (path === '/otlp-count/v1/traces') {
        count.otlpSpans += countOtlpSpans(body, req.headers['content-encoding']);
      }
      const base = `http://${req.headers.host}/s/${tag}`;
      const answer = JSON.stringify(answerFor(path, base));
      res.writeHead(200, { 'content-type': 'application/json',
        'content-length': Buffer.byteLength(answer) });
      res.end(answer);
    });
  });
  server.keepAliveTimeout = 60_000;

  serve({
    listen: () => new Promise((resolve) => {
      server.listen(0, '127.0.0.1', () => resolve(server.address().port));
    }),
    counts: () => counts,
    stop: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    }),
  });
}

/**
 * Starts the sink in a child process.
 * @returns its base URL, `counts()` (requests, bytes and OTLP spans per
 *   tag) and `stop()`.
 */
export async function startSink() {
  const worker = startWorker(fileURLToPath(import.meta.url), { args: ['--serve'] });
  const port = await worker.request('listen');
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => worker.request('counts'),
    stop: () => worker.stop(),
  };
}

if (process.argv[2] === '--serve') runServer();
