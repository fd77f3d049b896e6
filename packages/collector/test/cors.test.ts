import { afterEach, describe, expect, it } from 'vitest';
import { CorsPolicy } from '../src/cors.js';
import type { RunningCollector } from '../src/index.js';
import { makeBatch, makeEvent, postBatch, send, startTestCollector } from './fixtures.js';

let collector: RunningCollector;
afterEach(() => collector?.close());

const preflight = (url: string, origin: string) =>
  send(url, 'OPTIONS', '/v1/events', {
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });

describe('CORS', () => {
  it('answers a preflight from a localhost origin with the allowed headers', async () => {
    collector = await startTestCollector();

    const answer = await preflight(collector.url, 'http://localhost:5173');

    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(answer.headers['access-control-allow-methods']).toBe('GET, POST, OPTIONS');
    const allowHeaders = answer.headers['access-control-allow-headers'];
    expect(allowHeaders).toBe('authorization, content-type');
    expect(answer.headers.vary).toBe('Origin');
  });

  it('adds the allow-origin header to a batch from a loopback origin', async () => {
    collector = await startTestCollector();

    const answer = await postBatch(collector.url, makeBatch([makeEvent()]), {
      origin: 'http://127.0.0.1:3000',
    });

    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('http://127.0.0.1:3000');
  });

  it('refuses a preflight and a batch from a foreign origin', async () => {
    collector = await startTestCollector();

    const pre = await preflight(collector.url, 'https://evil.example');
    const post = await postBatch(collector.url, makeBatch([makeEvent()]), {
      origin: 'https://evil.example',
    });

    expect(pre.status).toBe(403);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    expect(post.status).toBe(403);
    expect(collector.store.countEvents()).toBe(0);
  });

  it('allows only the configured origins when some are given', async () => {
    collector = await startTestCollector({ corsOrigins: ['https://app.example'] });

    const allowed = await preflight(collector.url, 'https://app.example');
    const local = await preflight(collector.url, 'http://localhost:5173');

    expect(allowed.status).toBe(204);
    expect(local.status).toBe(403);
  });

  it('tells localhost look-alikes from loopback origins', () => {
    const policy = new CorsPolicy();

    expect(policy.allows('http://localhost', undefined)).toBe(true);
    expect(policy.allows('http://[::1]:8080', undefined)).toBe(true);
    expect(policy.allows('http://localhost.evil.example', undefined)).toBe(false);
    expect(policy.allows('https://localhost:5173', undefined)).toBe(false);
    expect(policy.allows('null', undefined)).toBe(false);
  });

  it("allows the collector's own origin and any origin for '*'", () => {
    expect(new CorsPolicy([]).allows('http://10.0.0.5:4319', '10.0.0.5:4319')).toBe(true);
    const any = new CorsPolicy(['*']);
    expect(any.allows('https://anything.example', undefined)).toBe(true);
  });
});
