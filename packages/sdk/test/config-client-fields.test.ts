/**
 * The client-level fields stamped on every event (`projectId`, `userId`…)
 * must fit the wire schema: whatever the options accept, the collector
 * accepts, and what it would refuse is refused at construction instead of
 * costing every event.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { safeParse, WireEventSchema } from '@robotforge/sdk/schema';
import { startCollector, type RunningCollector } from '../../collector/src/index.js';
import { TelemetryClient, TelemetryConfigError } from '../src/runtimes/node.js';
import { resolveOptions } from '../src/core/config.js';
import type { WireEvent } from '../src/core/schema.js';

const FIELDS = ['userId', 'sessionId', 'projectId', 'tenantId', 'applicationId',
  'sourceComponent'];
const FROM_ENV: Record<string, string> = { projectId: 'ROBOTFORGE_PROJECT_ID',
  tenantId: 'ROBOTFORGE_TENANT_ID', applicationId: 'ROBOTFORGE_APPLICATION_ID' };

/** Values the schema takes, so the options must take them too. */
const ACCEPTED: [string, string][] = [
  ['empty', ''],
  ['2,048 characters', 'x'.repeat(2048)],
  ['control characters', '\u0000\t\r\n\u001b[31m\u007f\u0085'],
  ['1,024 emoji (2,048 UTF-16 units)', '😀'.repeat(1024)],
  ['a lone surrogate', 'a\ud800b'],
];

afterEach(() => vi.unstubAllEnvs());

/** The error `build` throws, or undefined. */
function errorOf(build: () => unknown): TelemetryConfigError | undefined {
  try {
    build();
  } catch (error) {
    return error as TelemetryConfigError;
  }
  return undefined;
}

describe('client-level fields longer than the wire schema allows', () => {
  it.each(FIELDS)('refuses a 3,000-character %s at construction, by name', (option) => {
    const error = errorOf(() => new TelemetryClient({ [option]: 'x'.repeat(3000) }));
    expect(error).toBeInstanceOf(TelemetryConfigError);
    expect(error!.option).toBe(option);
    expect(error!.message).toBe(`Invalid option "${option}": expected a string of at ` +
      'most 2048 characters, received a string of 3000 characters');
  });

  it('refuses one 2,049 UTF-16 units long, as the schema counts', () => {
    const userId = `${'😀'.repeat(1024)}x`;
    const error = errorOf(() => new TelemetryClient({ userId }));
    expect(error?.message).toMatch(/"userId".*at most 2048.*received a string of 2049/);
  });

  it.each(Object.entries(FROM_ENV))('names %s read from %s', (option, variable) => {
    const long = 'e'.repeat(5000);
    const readEnv = (name: string) => (name === variable ? long : undefined);
    const error = errorOf(() => resolveOptions({}, readEnv));
    expect(error).toBeInstanceOf(TelemetryConfigError);
    expect(error!.option).toBe(variable);
    expect(error!.message).toMatch(/at most 2048 characters, received a string of 5000/);
    expect(error!.message).not.toContain('eeeeeeeeee');

    vi.stubEnv(variable, long);
    const named = new RegExp(`"${variable}".*at most 2048`);
    expect(() => new TelemetryClient()).toThrow(named);
    // An explicit option wins, and the variable is then never used.
    const explicit = resolveOptions({ [option]: 'short' }, readEnv);
    expect(explicit[option as keyof typeof explicit]).toBe('short');
  });
});

describe('client-level fields the options accept', () => {
  let collector: RunningCollector;
  beforeAll(async () => {
    collector = await startCollector({ port: 0, db: ':memory:', rateLimit: false });
  });
  afterAll(() => collector.close());

  /** The events a client with `options` sends for one model call. */
  async function eventsWith(options: Record<string, string>, endpoint?: string) {
    const events: WireEvent[] = [];
    const client = new TelemetryClient({
      flushInterval: 60_000,
      ...options,
      ...(endpoint
        ? { endpoint }
        : { transport: { send: async (batch) => {
          events.push(...batch.events);
          return { kind: 'sent' };
        } } }),
    });
    client.startModelCall({ model: 'm' }).end();
    return { events, result: await client.close() };
  }

  it.each(ACCEPTED)('gives events the event schema accepts: %s', async (_, value) => {
    const options = Object.fromEntries(FIELDS.map((field) => [field, value]));
    const { events } = await eventsWith(options);
    // As the collector sees the event: after the JSON of the request body.
    const parsed = safeParse(WireEventSchema, JSON.parse(JSON.stringify(events[0])));
    expect(parsed.issues).toBeUndefined();
    expect(parsed.success).toBe(true);
    for (const field of FIELDS) {
      expect(events[0]![field as keyof WireEvent]).toBe(value);
    }
  });

  it.each(ACCEPTED)('gives events the collector stores: %s', async (_, value) => {
    const before = collector.store.countEvents();
    const options = Object.fromEntries(FIELDS.map((field) => [field, value]));
    const { result } = await eventsWith(options, collector.url);
    expect(result).toEqual({ sent: 1, failed: 0, dropped: 0 });
    expect(collector.store.countEvents()).toBe(before + 1);
  });
});
