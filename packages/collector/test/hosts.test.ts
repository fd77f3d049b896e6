/**
 * The Host check against DNS rebinding: loopback names and addresses are
 * served, other names only when configured.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/args.js';
import { HostPolicy, hostName } from '../src/hosts.js';
import type { RunningCollector } from '../src/index.js';
import { makeBatch, makeEvent, send, startTestCollector } from './fixtures.js';

let collector: RunningCollector;
afterEach(() => collector?.close());

const json = { 'content-type': 'application/json' };

describe('hostName', () => {
  it.each([
    ['LocalHost:4319', 'localhost'],
    ['localhost.:4319', 'localhost'],
    ['[::1]:4319', '::1'],
    ['::1', '::1'],
    ['127.0.0.1', '127.0.0.1'],
    ['[::1', '[::1'],
  ])('reads %s as %s', (header, name) => {
    expect(hostName(header)).toBe(name);
  });
});

describe('HostPolicy', () => {
  it('serves loopback names and any address, and refuses other names', () => {
    const policy = new HostPolicy('127.0.0.1');

    for (const host of ['localhost:4319', '127.0.0.1:4319', '127.8.9.10', '[::1]:4319',
      '10.0.0.5:4319', '[fe80::1]', undefined]) {
      expect(policy.allows(host)).toBe(true);
    }
    for (const host of ['evil.example:4319', 'localhost.evil.example', 'app.localhost',
      '127.0.0.1.evil.example', '']) {
      expect(policy.allows(host)).toBe(false);
    }
  });

  it('serves the name it was bound to and the names it was given', () => {
    const policy = new HostPolicy('box.lan', ['Collector', 'metrics.example.']);

    expect(policy.allows('box.lan:4319')).toBe(true);
    expect(policy.allows('collector:4319')).toBe(true);
    expect(policy.allows('metrics.example')).toBe(true);
    expect(policy.allows('evil.example')).toBe(false);
  });

  it("serves any name for '*'", () => {
    expect(new HostPolicy('0.0.0.0', ['*']).allows('evil.example')).toBe(true);
  });
});

describe('the Host check over HTTP', () => {
  it('refuses a rebound name on every route, with or without an Origin', async () => {
    collector = await startTestCollector();
    const host = `evil.example:${collector.port}`;

    const page = await send(collector.url, 'GET', '/', { headers: { host } });
    const traces = await send(collector.url, 'GET', '/v1/traces', { headers: { host } });
    const body = JSON.stringify(makeBatch([makeEvent()]));
    const ingest = await send(collector.url, 'POST', '/v1/events', {
      body, headers: { ...json, host },
    });

    expect([page.status, traces.status, ingest.status]).toEqual([403, 403, 403]);
    expect(traces.json.error).toMatch(/^host not allowed: evil\.example/);
    expect(collector.store.countEvents()).toBe(0);
  });

  it.each(['localhost', '127.0.0.1'])(
    'serves the viewer opened at http://%s:<port>/ and its API calls', async (name) => {
      collector = await startTestCollector();
      const host = `${name}:${collector.port}`;

      const page = await send(collector.url, 'GET', '/', { headers: { host } });
      const traces = await send(collector.url, 'GET', '/v1/traces', {
        headers: { host, origin: `http://${host}` },
      });

      expect(page.status).toBe(200);
      expect(traces.status).toBe(200);
      expect(traces.headers['access-control-allow-origin']).toBe(`http://${host}`);
    });

  it('serves a name given in allowedHosts, and its own origin', async () => {
    collector = await startTestCollector({ allowedHosts: ['collector'] });
    const host = `collector:${collector.port}`;

    const answer = await send(collector.url, 'GET', '/v1/traces', {
      headers: { host, origin: `http://${host}` },
    });

    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe(`http://${host}`);
  });

  it('refuses a malformed allowedHosts option by name', async () => {
    const start = startTestCollector({ allowedHosts: [''] });
    await expect(start).rejects.toThrow(/allowedHosts/);
  });
});

describe('--allowed-host', () => {
  it('collects repeated flags, and is left out when absent', () => {
    const args = parseCliArgs(['--allowed-host', 'a', '--allowed-host', '*'], {});
    expect(args.allowedHosts).toEqual(['a', '*']);
    expect(parseCliArgs([], {}).allowedHosts).toBeUndefined();
  });
});
