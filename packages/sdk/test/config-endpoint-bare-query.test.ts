import { expect, it } from 'vitest';
import { TelemetryClient } from '../src/runtimes/node.js';
import { resolveOptions } from '../src/core/config.js';
import { startSink } from './helpers.js';

const noEnv = () => undefined;
const TAILS = ['#', '?', '/?', '/#'];

// URL reports '' for the search and hash of `https://host?` and `https://host#`,
// so only the raw text shows that `/v1/events` would land in a query or fragment.
it.each(TAILS)('an endpoint ending in a bare "%s" is refused (or its batches still '
  + 'reach /v1/events)', async (tail) => {
  const sink = await startSink();
  let client: TelemetryClient | undefined;
  try {
    client = new TelemetryClient({
      endpoint: `${sink.url}${tail}`, apiKey: 'rf_test_x', flushInterval: 60_000,
    });
  } catch (error) {
    expect((error as Error).name).toBe('TelemetryConfigError');
    await sink.close();
    return;
  }
  client.startModelCall({ name: 'x' }).end();
  const r = await client.flush();
  await client.close();
  await sink.close();
  expect(r.sent).toBe(1);
  expect(sink.received.map((x) => x.url)).toEqual(['/v1/events']);
});

it.each(TAILS)('an endpoint ending in a bare "%s" fails with the query-or-fragment '
  + 'message', (tail) => {
  expect(() => resolveOptions({ endpoint: `https://collector.example.com${tail}` }, noEnv))
    .toThrow('expected an http(s) URL without user info, query or fragment');
});
