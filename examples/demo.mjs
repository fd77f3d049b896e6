// The README's demo: `pnpm demo` (keeps the viewer up until Ctrl-C) or
// `pnpm demo --once` (exits when the agent is done).
import { parseArgs } from 'node:util';
import { runDemo } from './demo/run.mjs';

const { values } = parseArgs({
  options: { once: { type: 'boolean', default: false }, port: { type: 'string' } },
});

const demo = await runDemo({ port: values.port ? Number(values.port) : undefined });
const { stats, delivery, collector } = demo;

const cost = stats.totalCost === null ? 'unknown' : `$${stats.totalCost.toFixed(6)}`;
console.log(`
RobotForge demo: a research agent on the real openai client, traced end to end

  answer   ${demo.answer}

  traces   ${stats.traces}
  spans    ${stats.events} (${delivery.sent} of ${delivery.queued} delivered, ${delivery.dropped} dropped)
  tokens   ${stats.totalTokens}
  cost     ${cost}
  errors   ${stats.errors} (spans with status error: the agent retries a search that timed out)
  data     ${demo.db}

  viewer   ${collector.url}
`);

if (values.once) {
  await collector.close();
  console.log('--once: the collector has stopped; run without --once to browse.');
} else {
  console.log('The collector keeps running; press Ctrl-C to stop.');
  const stop = async () => {
    await collector.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
