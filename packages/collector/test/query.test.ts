import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningCollector } from '../src/index.js';
import {
  T0_MS,
  agentTrace,
  hexId,
  makeEvent,
  send,
  spanAt,
  startTestCollector,
} from './fixtures.js';

const HOUR_MS = 3_600_000;
let collector: RunningCollector;
beforeEach(async () => {
  collector = await startTestCollector({ rateLimit: false });
});
afterEach(() => collector.close());

/** {@link agentTrace} with a model that has no known price: no cost anywhere. */
const unpricedTrace = (startMs: number) =>
  agentTrace(startMs, { model: 'in-house-llm' }).map((event) => ({ ...event, cost: null }));

const get = async (path: string) => {
  const answer = await send(collector.url, 'GET', path);
  return answer.json;
};

describe('GET /v1/traces', () => {
  it('summarizes a trace, summing tokens and cost of model calls only', async () => {
    const events = agentTrace(T0_MS, { sessionId: 's-1', userId: 'u-1' });
    collector.store.insert(events);

    const { traces, nextCursor } = await get('/v1/traces');

    expect(nextCursor).toBeNull();
    expect(traces).toHaveLength(1);
    expect(traces[0].totalCost).toBeCloseTo(0.003, 10);
    expect({ ...traces[0], totalCost: undefined }).toEqual({
      traceId: events[0]!.traceId,
      rootName: 'planner',
      rootType: 'agent',
      startTime: '2025-01-01T12:00:00.000Z',
      durationMs: 1_000,
      spanCount: 4,
      totalTokens: 40,
      totalCost: undefined,
      errorCount: 1,
      sessionId: 's-1',
      userId: 'u-1',
    });
  });

  it('takes the earliest orphan as root when the real root never arrived', async () => {
    const traceId = hexId(32);
    const missingParent = hexId(16);
    collector.store.insert([
      spanAt(traceId, T0_MS, 50, 10, { name: 'later', parentSpanId: missingParent }),
      spanAt(traceId, T0_MS, 0, 10, { name: 'earlier', parentSpanId: missingParent }),
    ]);

    const { traces } = await get('/v1/traces');

    expect(traces[0].rootName).toBe('earlier');
  });

  it('counts input plus output when a model call has no total', async () => {
    collector.store.insert([makeEvent({ tokens: { input: 7, output: 3 } })]);

    const { traces } = await get('/v1/traces');

    expect(traces[0].totalTokens).toBe(10);
  });

  it('filters by session, user, model, status and time range', async () => {
    const early = agentTrace(T0_MS, { sessionId: 's-1', userId: 'u-1' });
    const late = [makeEvent({
      startTime: new Date(T0_MS + HOUR_MS).toISOString(),
      endTime: new Date(T0_MS + HOUR_MS + 100).toISOString(),
      sessionId: 's-2', userId: 'u-2', model: 'claude-sonnet',
    })];
    collector.store.insert([...early, ...late]);
    const ids = async (query: string) => {
      const { traces } = await get(`/v1/traces?${query}`);
      return traces.map((trace: { traceId: string }) => trace.traceId);
    };
    const earlyId = early[0]!.traceId;
    const lateId = late[0]!.traceId;

    expect(await ids('session=s-1')).toEqual([earlyId]);
    expect(await ids('user=u-2')).toEqual([lateId]);
    expect(await ids('model=claude-sonnet')).toEqual([lateId]);
    expect(await ids('model=gpt-4o-mini')).toEqual([earlyId]);
    expect(await ids('status=error')).toEqual([earlyId]);
    expect(await ids('status=success')).toEqual([lateId]);
    expect(await ids(`from=${T0_MS + 1}`)).toEqual([lateId]);
    expect(await ids('to=2025-01-01T12:30:00Z')).toEqual([earlyId]);
    expect(await ids('session=s-1&status=success')).toEqual([]);
  });

  it('pages newest first with a cursor until no page is left', async () => {
    const traceIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const event = spanAt(hexId(32), T0_MS, i * 1_000, 10);
      traceIds.push(event.traceId);
      collector.store.insert([event]);
    }
    // Two traces starting at the same moment are ordered by id.
    const twin = spanAt(hexId(32), T0_MS, 4_000, 10);
    collector.store.insert([twin]);

    const pages = [];
    let cursor = '';
    do {
      const page = await get(`/v1/traces?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(page.traces.map((t: { traceId: string }) => t.traceId));
      cursor = page.nextCursor ?? '';
    } while (cursor);

    const [fourA, fourB] = [traceIds[4]!, twin.traceId].sort().reverse();
    expect(pages).toEqual([
      [fourA, fourB],
      [traceIds[3], traceIds[2]],
      [traceIds[1], traceIds[0]],
    ]);
  });

  it('answers 400 for a bad limit, status, time or cursor', async () => {
    const statuses = await Promise.all(
      ['limit=0', 'limit=501', 'status=maybe', 'from=yesterday-ish', 'cursor=abc'].map(
        async (query) => (await send(collector.url, 'GET', `/v1/traces?${query}`)).status,
      ),
    );

    expect(statuses).toEqual([400, 400, 400, 400, 400]);
  });
});

describe('GET /v1/traces/:traceId', () => {
  it('returns every span in start order with JSON fields parsed back', async () => {
    const events = agentTrace(T0_MS);
    events[1]!.metadata = { route: '/chat', retries: 2 };
    collector.store.insert([...events].reverse());

    const body = await get(`/v1/traces/${events[0]!.traceId}`);

    expect(body.traceId).toBe(events[0]!.traceId);
    expect(body.spans.map((s: { name: string }) => s.name)).toEqual([
      'planner', 'first call', 'second call', 'search',
    ]);
    expect(body.spans[1].metadata).toEqual({ route: '/chat', retries: 2 });
    expect(body.spans[2].tokens).toEqual({ input: 20, output: 5, total: 25 });
    expect(body.spans[3].error).toEqual({
      type: 'TypeError', message: 'boom', stack: 'TypeError: boom\n    at search',
    });
    expect(body.spans[3].tokens).toBeNull();
    expect(body.spans[0].agentName).toBe('planner');
    expect(body.spans[0].receivedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('answers 404 for an unknown or malformed trace id', async () => {
    const unknown = await send(collector.url, 'GET', `/v1/traces/${'a'.repeat(32)}`);
    const malformed = await send(collector.url, 'GET', '/v1/traces/xyz');

    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toBe(`no trace ${'a'.repeat(32)}`);
    expect(malformed.status).toBe(404);
  });
});

describe('GET /v1/stats', () => {
  it('reports totals and nearest-rank latency percentiles per model', async () => {
    const calls = Array.from({ length: 20 }, (_, i) =>
      makeEvent({ latencyMs: i + 1, status: i === 0 ? 'error' : 'success' }),
    );
    const other = makeEvent({
      model: 'claude-haiku', provider: 'anthropic', latencyMs: 7,
    });
    collector.store.insert([...calls, other, ...agentTrace(T0_MS)]);

    const stats = await get('/v1/stats');

    expect(stats.events).toBe(25);
    expect(stats.traces).toBe(22);
    expect(stats.errors).toBe(2);
    expect(stats.errorRate).toBeCloseTo(2 / 25, 10);
    expect(stats.totalTokens).toBe(21 * 15 + 40);
    expect(stats.totalCost).toBeCloseTo(0.024, 10);
    const gpt = stats.models.find((m: { model: string }) => m.model === 'gpt-4o-mini');
    expect(gpt).toMatchObject({ provider: 'openai', calls: 22, tokens: 20 * 15 + 40 });
    expect(gpt.p50LatencyMs).toBe(11);
    expect(gpt.p95LatencyMs).toBe(200);
    const haiku = stats.models.find((m: { model: string }) => m.model === 'claude-haiku');
    expect(haiku).toMatchObject({
      calls: 1, p50LatencyMs: 7, p95LatencyMs: 7, errorRate: 0,
    });
  });

  it('gives no cost, not $0, for calls of a model without a known price', async () => {
    const unpriced = unpricedTrace(T0_MS);
    const priced = agentTrace(T0_MS + HOUR_MS);
    collector.store.insert([...unpriced, ...priced]);

    const { traces } = await get('/v1/traces');
    const stats = await get('/v1/stats');

    const byId = new Map(traces.map((t: { traceId: string }) => [t.traceId, t]));
    expect(byId.get(unpriced[0]!.traceId).totalCost).toBeNull();
    expect(byId.get(priced[0]!.traceId).totalCost).toBeCloseTo(0.003, 10);
    expect(stats.totalCost).toBeCloseTo(0.003, 10);
    const inHouse = stats.models.find((m: { model: string }) => m.model === 'in-house-llm');
    expect(inHouse).toMatchObject({ calls: 2, cost: null });
  });

  it('gives no total cost when no call has a known cost', async () => {
    collector.store.insert(unpricedTrace(T0_MS));

    expect((await get('/v1/stats')).totalCost).toBeNull();
  });

  it('reports zeros for an empty store', async () => {
    expect(await get('/v1/stats')).toEqual({
      events: 0, traces: 0, errors: 0, errorRate: 0,
      totalTokens: 0, totalCost: 0, models: [],
    });
  });
});
