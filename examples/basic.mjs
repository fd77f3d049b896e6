// Traces an agent step with nested model and tool calls, sends them to a
// local collector, and prints what was sent.
//
//   pnpm build && node examples/basic.mjs
import { startCollector } from '@robotforge/collector';
import { TelemetryClient, createFetchTransport } from '@robotforge/sdk';

const collector = await startCollector({ port: 0, db: ':memory:' });

// The default transport, wrapped so that each batch is printed on its way out.
const http = createFetchTransport({ endpoint: collector.url });
const printing = {
  async send(batch, options) {
    for (const event of batch.events) {
      const parent = event.parentSpanId ?? 'root';
      console.log(`sent ${event.type.padEnd(14)} ${event.name.padEnd(18)} ` +
        `span ${event.spanId} parent ${parent} ${event.latencyMs.toFixed(1)} ms`);
    }
    return http.send(batch, options);
  },
};

const telemetry = new TelemetryClient({
  endpoint: collector.url,
  transport: printing,
  applicationId: 'basic-example',
});

const answer = await telemetry.traceAgent({ agentName: 'trip-planner' }, async () => {
  const weather = await telemetry.traceToolExecution(
    { toolName: 'weather', action: 'forecast', input: { city: 'Lagos' } },
    async (span) => {
      const forecast = { city: 'Lagos', highC: 31, sky: 'clear' };
      span.setOutput(forecast).setHttpStatusCode(200);
      return forecast;
    },
  );
  return telemetry.traceModelCall(
    { provider: 'openai', model: 'gpt-4o-mini', temperature: 0.2,
      input: `Plan a day out. Weather: ${JSON.stringify(weather)}` },
    async (span) => {
      const text = 'Start early at the beach, lunch in Yaba, sunset on the island.';
      span.setOutput(text).setTokens({ input: 42, output: 17 }).setCost(0.000017);
      return text;
    },
  );
});

console.log(`\nanswer: ${answer}`);
const result = await telemetry.flush();
console.log(`flush: ${JSON.stringify(result)}`);

const { traces } = await (await fetch(`${collector.url}/v1/traces`)).json();
console.log(`collector holds ${traces.length} trace(s); ` +
  `first has ${traces[0].spanCount} spans and ${traces[0].totalTokens} tokens`);

await telemetry.close();
await collector.close();
