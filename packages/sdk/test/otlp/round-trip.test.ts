/**
 * Events sent through the OTLP transport to the collector's OTLP ingest
 * come back from its query API as the events the client built.
 */
import { startCollector, type RunningCollector } from '@robotforge/collector';
import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryClient } from '../../src/runtimes/node.js';
import { createOtlpTransport } from '../../src/transports/otlp.js';
import { teeTransport } from '../../src/transports/tee.js';
import type { WireBatch } from '../../src/core/schema.js';

let collector: RunningCollector | undefined;
afterEach(() => collector?.close());

const FIELDS = ['eventId', 'traceId', 'spanId', 'parentSpanId', 'type', 'name', 'status',
  'startTime', 'projectId', 'applicationId', 'sessionId', 'userId', 'sourceComponent',
  'metadata', 'error', 'provider', 'model', 'temperature', 'tokens', 'cost', 'toolName',
  'action', 'endpoint', 'httpMethod', 'httpStatusCode', 'requestPayload', 'responsePayload',
  'agentName', 'agentId'] as const;

describe('the OTLP transport and the OTLP ingest together', () => {
  it('keep every field of the events, content included', async () => {
    collector = await startCollector({ port: 0, db: ':memory:' });
    const batches: WireBatch[] = [];
    const client = new TelemetryClient({
      flushInterval: 60_000, batchSize: 100, projectId: 'p-1', applicationId: 'shop',
      sessionId: 's-1', userId: 'u-1', sourceComponent: 'checkout',
      transport: teeTransport(
        createOtlpTransport({ endpoint: collector.url }),
        { send: async (batch) => (batches.push(batch), { kind: 'sent' }) },
      ),
    });

    await client.traceAgent({ agentName: 'planner', agentId: 'a-1', input: 'plan it' },
      async (agent) => {
        client.traceModelCall({ provider: 'anthropic', model: 'claude', temperature: 0.7,
          input: { question: 'why?' }, metadata: { responseId: 'msg_1' } },
        (s) => s.setOutput('because').setTokens({ input: 9, output: 4 }).setCost(0.0125));
        await client.traceToolExecution({ toolName: 'http', action: 'fetch',
          endpoint: 'https://api.test/items', httpMethod: 'POST' }, async (tool) => {
          tool.setRequestPayload({ id: 3 }).setResponsePayload('[]').setHttpStatusCode(502);
          tool.setInput({ id: 3 }).setError(new SyntaxError('bad gateway body'));
        });
        agent.setOutput('done');
      });
    const result = await client.flush();

    expect(result).toEqual({ sent: 3, failed: 0, dropped: 0 });
    const sent = batches.flatMap((b) => b.events);
    const answer = await fetch(`${collector.url}/v1/traces/${sent[0]!.traceId}`);
    const { spans } = (await answer.json()) as { spans: Record<string, unknown>[] };
    expect(spans).toHaveLength(3);
    for (const original of sent) {
      const stored = spans.find((s) => s.eventId === original.eventId)!;
      for (const field of FIELDS) {
        expect(stored[field] ?? null).toEqual(original[field] ?? null);
      }
      expect(stored.latencyMs).toBeCloseTo(original.latencyMs, 3);
      expect(stored.endTime).toBe(original.endTime);
      if (original.type !== 'model_call') expect(stored.input).toBe(original.input);
      if (original.type !== 'model_call') expect(stored.output).toBe(original.output);
    }
    const model = spans.find((s) => s.type === 'model_call')!;
    expect(model.input).toBe('{"question":"why?"}');
    expect(JSON.parse(model.output as string)).toEqual([{ role: 'assistant',
      parts: [{ type: 'text', content: 'because' }], finish_reason: 'stop' }]);
    await client.close();
  });
});
