import { afterEach, describe, expect, it } from 'vitest';
import type { RunningCollector } from '../src/index.js';
import { makeBatch, makeEvent, postBatch, send, startTestCollector } from './fixtures.js';

let collector: RunningCollector;
afterEach(() => collector?.close());

describe('POST /v1/events', () => {
  it('stores the valid events and rejects only the bad one, with a reason', async () => {
    collector = await startTestCollector();
    const good = [makeEvent(), makeEvent()];
    const bad = { ...makeEvent(), traceId: 'not-hex' };

    const answer = await postBatch(collector.url, makeBatch([good[0], bad, good[1]]));

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      accepted: 2,
      rejected: [{ eventId: bad.eventId, reason: 'traceId: 32 lowercase hex' }],
    });
    expect(collector.store.countEvents()).toBe(2);
  });

  it("answers '' as the id of a rejected event that has no string id", async () => {
    collector = await startTestCollector();

    const answer = await postBatch(collector.url, makeBatch([42, { eventId: 7 }]));

    expect(answer.json.accepted).toBe(0);
    const ids = answer.json.rejected.map((r: { eventId: string }) => r.eventId);
    expect(ids).toEqual(['', '']);
  });

  it('answers 400 with a JSON error for a body that is not JSON', async () => {
    collector = await startTestCollector();

    const answer = await send(collector.url, 'POST', '/v1/events', {
      body: '{"sentAt": ',
      headers: { 'content-type': 'application/json' },
    });

    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.json.error).toMatch(/^body is not valid JSON/);
  });

  it('answers 400 for JSON that is not a batch envelope', async () => {
    collector = await startTestCollector();

    const answer = await postBatch(collector.url, { events: 'nope' });

    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatch(/^not a batch: sentAt/);
  });

  it('answers 413 for a body over the byte limit and stores nothing', async () => {
    collector = await startTestCollector({ maxBodyBytes: 1_000 });
    const batch = makeBatch([makeEvent({ input: 'x'.repeat(2_000) })]);

    const answer = await postBatch(collector.url, batch);

    expect(answer.status).toBe(413);
    expect(answer.json.error).toBe('request body is larger than the limit of 1000 bytes');
    expect(collector.store.countEvents()).toBe(0);
  });

  it('answers 413 for a chunked body that grows past the byte limit', async () => {
    collector = await startTestCollector({ maxBodyBytes: 1_000 });
    const body = JSON.stringify(makeBatch([makeEvent({ input: 'x'.repeat(2_000) })]));

    const answer = await send(collector.url, 'POST', '/v1/events', {
      body,
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });

    expect(answer.status).toBe(413);
  });

  it('answers 413 for a batch with more events than allowed', async () => {
    collector = await startTestCollector({ maxEventsPerBatch: 2 });

    const batch = makeBatch([makeEvent(), makeEvent(), makeEvent()]);

    const answer = await postBatch(collector.url, batch);

    expect(answer.status).toBe(413);
    expect(answer.json.error).toBe('batch holds 3 events; the limit is 2');
  });

  it('answers 415 for a content type other than JSON or text', async () => {
    collector = await startTestCollector();

    const answer = await send(collector.url, 'POST', '/v1/events', {
      body: 'events=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    expect(answer.status).toBe(415);
    expect(answer.json.error).toMatch(/application\/x-www-form-urlencoded/);
  });

  it('accepts a text/plain beacon body with a charset', async () => {
    collector = await startTestCollector();

    const answer = await send(collector.url, 'POST', '/v1/events', {
      body: JSON.stringify(makeBatch([makeEvent()])),
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });

    expect(answer.json).toEqual({ accepted: 1, rejected: [] });
  });

  it('stores each eventId once when the same batch is sent twice (F12)', async () => {
    collector = await startTestCollector();
    const batch = makeBatch([makeEvent(), makeEvent(), makeEvent()]);

    const first = await postBatch(collector.url, batch);
    const second = await postBatch(collector.url, batch);

    expect(first.json).toEqual({ accepted: 3, rejected: [] });
    expect(second.json).toEqual({ accepted: 3, rejected: [] });
    expect(collector.store.countEvents()).toBe(3);
  });

  it('stores an event repeated inside one batch once', async () => {
    collector = await startTestCollector();
    const event = makeEvent();

    const answer = await postBatch(collector.url, makeBatch([event, event]));

    expect(answer.json.accepted).toBe(2);
    expect(collector.store.countEvents()).toBe(1);
  });

  it('stores all events of a 10,000-event batch', async () => {
    collector = await startTestCollector();
    const events = Array.from({ length: 10_000 }, () =>
      makeEvent({ input: null, output: null, provider: null }),
    );

    const answer = await postBatch(collector.url, makeBatch(events));

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ accepted: 10_000, rejected: [] });
    expect(collector.store.countEvents()).toBe(10_000);
  });
});
