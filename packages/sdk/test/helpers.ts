/** Test helpers: a loopback endpoint that records batches, and a fake clock. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../src/core/clock.js';
import type { WireBatch } from '../src/core/schema.js';

export interface Received {
  batch: WireBatch;
  headers: IncomingMessage['headers'];
  url: string;
}

export type Reply = (req: Received, n: number) =>
  | { status: number; headers?: Record<string, string>; body?: string; delayMs?: number }
  | undefined;

/** Starts an HTTP server on 127.0.0.1 that records every batch it gets. */
export async function startSink(reply?: Reply) {
  const received: Received[] = [];
  let requests = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const entry: Received = { batch: JSON.parse(text), headers: req.headers, url: req.url ?? '' };
    const n = requests++;
    const answer = reply?.(entry, n);
    if (answer?.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    const status = answer?.status ?? 200;
    if (status >= 200 && status < 300) received.push(entry);
    res.writeHead(status, { 'content-type': 'application/json', ...answer?.headers });
    res.end(answer?.body ?? JSON.stringify({ accepted: entry.batch.events.length, rejected: [] }));
    inFlight--;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    get events() {
      return received.flatMap((r) => r.batch.events);
    },
    get requests() {
      return requests;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A clock whose time moves only when the test says so. */
export function fakeClock(start = Date.UTC(2026, 0, 1)) {
  let wall = start;
  let mono = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const clock: Clock & { advance(ms: number): Promise<void>; pendingTimers(): number } = {
    now: () => wall,
    monotonic: () => mono,
    random: () => 0.5,
    setTimer(fn, ms) {
      const id = ids++;
      timers.push({ at: mono + ms, fn, id });
      return () => {
        timers = timers.filter((t) => t.id !== id);
      };
    },
    async advance(ms) {
      const target = mono + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        wall += due.at - mono;
        mono = due.at;
        due.fn();
        await new Promise((r) => setImmediate(r));
      }
      wall += target - mono;
      mono = target;
    },
    pendingTimers: () => timers.length,
  };
  return clock;
}

export const tick = () => new Promise((r) => setImmediate(r));
