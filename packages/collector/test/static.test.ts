import { Script } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningCollector } from '../src/index.js';
import { VIEWER_JS } from '../src/viewer/script.js';
import { send, startTestCollector } from './fixtures.js';

let collector: RunningCollector;
afterEach(() => collector?.close());

describe('viewer files', () => {
  it('serves the page with a strict Content-Security-Policy', async () => {
    collector = await startTestCollector();

    const page = await send(collector.url, 'GET', '/');

    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.text).toContain('<script src="/viewer.js" defer></script>');
  });

  it('serves the script and stylesheet from their own paths', async () => {
    collector = await startTestCollector();

    const script = await send(collector.url, 'GET', '/viewer.js');
    const styles = await send(collector.url, 'GET', '/viewer.css');

    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.text).toBe(VIEWER_JS);
    expect(styles.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('keeps the page free of inline script', async () => {
    collector = await startTestCollector();

    const page = await send(collector.url, 'GET', '/');

    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.text).not.toMatch(/\son[a-z]+=/i);
  });

  it('has a script that parses and never writes markup', () => {
    expect(() => new Script(VIEWER_JS)).not.toThrow();
    const sinks = ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write'];
    for (const sink of sinks) expect(VIEWER_JS).not.toContain(sink);
    expect(VIEWER_JS).not.toMatch(/\beval\(|new Function/);
  });
});

describe('routing', () => {
  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2e%2e/',
    '/viewer.js/../../package.json',
    '//etc/passwd',
    '/index.html',
  ])('answers 404 to %s without touching the file system', async (path) => {
    collector = await startTestCollector();

    const answer = await send(collector.url, 'GET', path);

    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ error: 'not found' });
  });

  it('answers 405 with Allow for a known path and a wrong method', async () => {
    collector = await startTestCollector();

    const answer = await send(collector.url, 'DELETE', '/v1/events');

    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST');
  });

  it('answers HEAD like GET without a body', async () => {
    collector = await startTestCollector();

    const answer = await send(collector.url, 'HEAD', '/viewer.css');

    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
  });

  it('closes with keep-alive connections still open', async () => {
    collector = await startTestCollector();
    await fetch(`${collector.url}/healthz`);

    await collector.close();

    await expect(fetch(`${collector.url}/healthz`)).rejects.toThrow();
  });
});
