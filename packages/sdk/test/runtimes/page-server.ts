/**
 * A loopback server for the browser tests. It records every batch posted
 * to `/v1/events`, as JSON (fetch) or as `text/plain` JSON (beacons, with
 * the key in the body), answers CORS preflights as the collector does, and
 * serves the pages and scripts it is given.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireBatch, WireEvent } from '../../src/core/schema.js';

export interface Post {
  batch: WireBatch;
  contentType: string;
  authorization: string | undefined;
  url: string;
  bytes: number;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type',
};

/** Starts the server on 127.0.0.1; `files` maps paths to content. */
export async function startPageServer() {
  const posts: Post[] = [];
  const files = new Map<string, { type: string; body: string }>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'OPTIONS') return res.writeHead(204, CORS).end();
    if (req.method === 'POST' && path === '/v1/events') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      posts.push({
        batch: JSON.parse(body.toString('utf8')) as WireBatch,
        contentType: req.headers['content-type'] ?? '',
        authorization: req.headers.authorization,
        url: req.url ?? '',
        bytes: body.length,
      });
      const accepted = posts[posts.length - 1]!.batch.events.length;
      res.writeHead(200, { ...CORS, 'content-type': 'application/json' });
      return res.end(JSON.stringify({ accepted, rejected: [] }));
    }
    const file = files.get(path);
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' });
    res.end(file.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    /** Every event received, in order, duplicates included. */
    get events(): WireEvent[] {
      return posts.flatMap((post) => post.batch.events);
    },
    /** Serves `body` at `path` with the given content type. */
    serve(path: string, type: string, body: string) {
      files.set(path, { type, body });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
