// What `fetch` itself costs the sender: one real batch of 512 events, built
// by the SDK, posted to the collector through Node's `fetch` (undici, which
// ofetch uses on Node) and through `node:http`, alternating. CPU of this
// process only; the collector answers from its own.
import { TelemetryClient } from '@robotforge/sdk';
import { httpClient } from './http.mjs';
import { cpuNanos, median } from './stats.mjs';

const EVENTS = 512;
const REQUESTS = 20;
const ROUNDS = 5;

/** The JSON body of one batch, exactly as the SDK would send it. */
async function oneBody() {
  let body;
  const client = new TelemetryClient({ batchSize: EVENTS, flushInterval: 60_000,
    transport: { send: async (batch) => ((body = JSON.stringify(batch)), { kind: 'sent' }) } });
  for (let i = 0; i < EVENTS; i++) {
    client.startModelCall({ model: 'gpt-4o-mini' }).setProvider('openai').setInput('hello')
      .setOutput('world').setTokens({ input: 12, output: 30 }).setMetadata('i', i).end();
  }
  await client.close();
  return body;
}

/** CPU nanoseconds per event of posting `body` with `post`, median of rounds. */
async function cpuPerEvent(post, rounds) {
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const start = cpuNanos();
    for (let i = 0; i < REQUESTS; i++) await post();
    samples.push((cpuNanos() - start) / (REQUESTS * EVENTS));
  }
  return median(samples);
}

/** @returns {{ fetchNs: number, httpNs: number }} CPU ns per event of each. */
export async function measureFetchCost(collectorUrl) {
  const body = await oneBody();
  const url = `${collectorUrl}/v1/events`;
  const http = httpClient(1);
  const viaFetch = async () => {
    const response = await fetch(url, { method: 'POST', body,
      headers: { 'content-type': 'application/json' } });
    await response.text();
    if (response.status !== 200) throw new Error(`fetch: status ${response.status}`);
  };
  const viaHttp = async () => {
    const { status } = await http.send('POST', url, body);
    if (status !== 200) throw new Error(`node:http: status ${status}`);
  };
  try {
    await cpuPerEvent(viaFetch, 1);
    await cpuPerEvent(viaHttp, 1);
    const fetchSamples = [];
    const httpSamples = [];
    for (let r = 0; r < ROUNDS; r++) {
      fetchSamples.push(await cpuPerEvent(viaFetch, 1));
      httpSamples.push(await cpuPerEvent(viaHttp, 1));
    }
    return { fetchNs: median(fetchSamples), httpNs: median(httpSamples) };
  } finally {
    http.close();
  }
}
