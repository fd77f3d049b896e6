// The README's demo: `pnpm demo` (keeps the viewer up until Ctrl-C) or
// `pnpm demo --once` (exits when the agent is done).
import { parseArgs } from 'node:util';
import { runDemo } from './demo/run.mjs';

const USAGE = `Usage: npx -y pnpm@10.34.8 demo [--once] [--port <n>]

  --once       exit when the agent is done (the data stays in .robotforge/demo.db)
  --port <n>   the collector's port (default 4319; a busy one falls back to a free one)`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      once: { type: 'boolean', default: false },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
  console.error('--port expects a port number from 0 to 65535, ' +
    `received ${values.port}\n\n${USAGE}`);
  process.exit(2);
}

const demo = await runDemo({ port });
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
  console.log('--once: the collector has stopped. To browse this data: ' +
    `npx -y pnpm@10.34.8 collector --db ${demo.db}`);
} else {
  console.log('The collector keeps running; press Ctrl-C to stop.');
  const stop = async () => {
    await collector.close();
    console.log(`The collector has stopped; the data stays in ${demo.db}.`);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
