import { describe, expect, it } from 'vitest';
import {
  extractTraceContext,
  injectTraceContext,
  parseTraceparent,
  traceparentOf,
} from '../../src/core/trace-context.js';
import { recordingClient } from './helpers.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const VALID = `00-${TRACE_ID}-${SPAN_ID}-01`;

describe('injectTraceContext and extractTraceContext', () => {
  it('carry a span to the other side, where it becomes the parent', async () => {
    const { client, events } = recordingClient();
    const caller = client.startAgent({ agentName: 'browser' });

    const headers = injectTraceContext(caller, new Headers({ accept: 'application/json' }));
    const parent = extractTraceContext(headers);
    client.traceToolExecution({ toolName: 'callee', parent }, () => 1);
    caller.end();
    await client.flush();

    expect(headers.get('traceparent')).toBe(`00-${caller.traceId}-${caller.spanId}-01`);
    expect(parent).toEqual({ traceId: caller.traceId, spanId: caller.spanId, sampled: true });
    const callee = events().find((e) => e.type === 'tool_execution')!;
    expect(callee.traceId).toBe(caller.traceId);
    expect(callee.parentSpanId).toBe(caller.spanId);
  });

  it('writes flags 00 for a sampled-out span, so the callee records nothing either', () => {
    const { client } = recordingClient({ sampleRate: 0 });
    const span = client.startModelCall();

    expect(traceparentOf(span)).toMatch(/-00$/);
    expect(extractTraceContext({ traceparent: traceparentOf(span) })?.sampled).toBe(false);
  });

  it('sets headers on a plain record and passes tracestate on', () => {
    const parent = extractTraceContext({ traceparent: VALID, tracestate: 'rojo=00f067aa' })!;

    const headers = injectTraceContext(parent, {} as Record<string, string>);

    expect(headers).toEqual({ traceparent: VALID, tracestate: 'rojo=00f067aa' });
  });

  it("reads Node's header object, whatever the case of the names", () => {
    const fromNode = extractTraceContext({ 'Traceparent': VALID, host: 'x' });
    const joined = extractTraceContext({ traceparent: VALID, tracestate: ['a=1', 'b=2'] });

    expect(fromNode).toEqual({ traceId: TRACE_ID, spanId: SPAN_ID, sampled: true });
    expect(joined?.traceState).toBe('a=1,b=2');
  });
});

describe('malformed traceparent headers', () => {
  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['version ff', `ff-${TRACE_ID}-${SPAN_ID}-01`],
    ['version 00 with more fields', `${VALID}-extra`],
    ['uppercase hex', `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`],
    ['short trace id', `00-${TRACE_ID.slice(2)}-${SPAN_ID}-01`],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${SPAN_ID}-01`],
    ['all-zero span id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['flags not hex', `00-${TRACE_ID}-${SPAN_ID}-0x`],
    ['two headers joined', `${VALID}, ${VALID}`],
    ['a number', 42],
  ])('yield undefined when %s', (_why, traceparent) => {
    expect(extractTraceContext({ traceparent } as never)).toBeUndefined();
  });

  it('yield undefined for header sources that are not objects or that throw', () => {
    const throwing = { get: () => {
      throw new Error('guarded');
    } };

    expect(extractTraceContext(null)).toBeUndefined();
    expect(extractTraceContext('traceparent' as never)).toBeUndefined();
    expect(extractTraceContext(throwing)).toBeUndefined();
  });

  it('read a later version by its common prefix, ignoring what it appends', () => {
    expect(parseTraceparent(`01-${TRACE_ID}-${SPAN_ID}-03-future`)).toEqual(
      { traceId: TRACE_ID, spanId: SPAN_ID, sampled: true });
    expect(parseTraceparent(`01-${TRACE_ID}-${SPAN_ID}-02`)?.sampled).toBe(false);
  });

  it('drop a tracestate longer than W3C asks anyone to pass on', () => {
    const tracestate = `a=${'x'.repeat(600)}`;
    const parent = extractTraceContext({ traceparent: VALID, tracestate });

    expect(parent).toEqual({ traceId: TRACE_ID, spanId: SPAN_ID, sampled: true });
  });
});
