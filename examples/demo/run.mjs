/**
 * Runs the demo: the local collector on a fresh database, a loopback
 * stand-in for an OpenAI-compatible model server, and the research agent
 * traced end to end. Used by `examples/demo.mjs` and the demo's browser test.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { startCollector } from '@robotforge/collector';
import { TelemetryClient } from '@robotforge/sdk';
import { startMockOpenAI } from '../lib/mock-openai.mjs';
import { runAgent } from './agent.mjs';
import { demoScript } from './model-script.mjs';
import { resetTools } from './tools.mjs';

export const QUESTION = 'How many times larger is Lagos than Nairobi by population?';

/** Starts the collector, falling back to a free port when `port` is taken. */
async function startOn(port, db) {
  try {
    return await startCollector({ port, db, log: () => undefined });
  } catch (error) {
    if (error?.code !== 'EADDRINUSE') throw error;
    console.log(`Port ${port} is busy; the collector takes a free port instead.`);
    return startCollector({ port: 0, db, log: () => undefined });
  }
}

/**
 * @param {{ port?: number, db?: string }} [options]
 */
export async function runDemo({ port = 4319, db = '.robotforge/demo.db' } = {}) {
  if (db !== ':memory:') {
    mkdirSync(dirname(db), { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  }
  const collector = await startOn(port, db);
  const model = await startMockOpenAI({ script: demoScript });
  const telemetry = new TelemetryClient({
    endpoint: collector.url, applicationId: 'demo', sourceComponent: 'research-agent',
    userId: 'demo-user',
  });

  resetTools();
  const answer = await runAgent({ telemetry, baseURL: model.url, question: QUESTION });
  await telemetry.close();
  const delivery = telemetry.stats;
  await model.close();

  const stats = await (await fetch(`${collector.url}/v1/stats`)).json();
  return { collector, answer, delivery, stats, db };
}
