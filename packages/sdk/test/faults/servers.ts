/**
 * A loopback front that misbehaves on purpose: it answers each batch as
 * the scenario decides (an error status, a hang, a reset, a slow accept,
 * a malformed body) and otherwise passes the batch on to a real collector
 * behind it. It records what it saw, so tests can count attempts, waits
 * and requests in flight from the server's side of the wire.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

/** What the front knows about a request when it decides how to answer. */
export interface Arrival {
  /** 0-based number of the request at this front. */
  request: number;
  /** 0-based attempt of this batch (the same events, in the same order). */
  attempt: number;
  events: Record<string, unknown>[];
}

/** How the front answers one request. */
export type Answer =
  /** Pass the batch on; optionally break some events or the answer after storing. */
  | { kind: 'forward'; corrupt?: (event: Record<string, unknown>) => boolean;
      then?: 'reset' | 'hang' | 'malformed' }
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  /** Read the batch, then never answer. */
  | { kind: 'hang' }
  /** Send half a response, then destroy the socket. */
  | { kind: 'reset' };

/** A retry as the server saw it: how long it asked for, how long it got. */
export interface Wait {
  askedMs: number | undefined;
  waitedMs: number;
}

export interface FrontOptions {
  /** Collector base URL; without one the front accepts batches itself. */
  target?: string;
  answer(arrival: Arrival): Answer;
  /** Holds each new connection this long before reading from it. */
  acceptDelayMs?: number;
}

const FORWARD: Answer = { kind: 'forward' };

/** Starts a front on 127.0.0.1 and returns its URL and records. */
export async function startFront(options: FrontOptions) {
  const attempts = new Map<string, number>();
  const lastAnswer = new Map<string, { at: number; askedMs: number | undefined }>();
  const forwarded = new Map<string, number>();
  const bodies: string[] = [];
  const waits: Wait[] = [];
  let requests = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once('close', () => inFlight--);
    const body = await readText(req);
    bodies.push(body);
    const events = parseEvents(body);
    const key = `${String(events[0]?.eventId)}:${events.length}`;
    const attempt = attempts.get(key) ?? 0;
    attempts.set(key, attempt + 1);
    const previous = lastAnswer.get(key);
    if (previous) {
      waits.push({ askedMs: previous.askedMs, waitedMs: now() - previous.at });
    }

    const answer = safeAnswer(options, { request: requests++, attempt, events });
    const remember = (askedMs?: number) => lastAnswer.set(key, { at: now(), askedMs });
    if (answer.kind === 'hang') return remember();
    if (answer.kind === 'reset') return resetMidway(res, '{"accepted":', remember);
    if (answer.kind === 'status') {
      res.writeHead(answer.status, { 'content-type': 'application/json',
        ...answer.headers });
      res.end('{}');
      return remember(retryAfterMs(answer.headers?.['retry-after']));
    }

    for (const event of events) {
      const id = String(event.eventId);
      forwarded.set(id, (forwarded.get(id) ?? 0) + 1);
      if (answer.corrupt?.(event)) event.traceId = 'corrupted';
    }
    const reply = await pass(options.target, body, events, answer.corrupt !== undefined);
    if (answer.then === 'hang') return remember();
    if (answer.then === 'reset') return resetMidway(res, reply.text, remember);
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(answer.then === 'malformed' ? '<html>stored</html>' : reply.text);
    remember();
  };

  const http = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  const sockets = new Set<Socket>();
  const tcp = createTcpServer({ pauseOnConnect: true }, (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    setTimeout(() => {
      http.emit('connection', socket);
      socket.resume();
    }, options.acceptDelayMs ?? 0);
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const { port } = tcp.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    waits,
    get requests() {
      return requests;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    /** The most attempts any one batch got. */
    get maxAttempts() {
      return Math.max(0, ...attempts.values());
    },
    /** Event ids passed on to the collector more than once. */
    get replayed() {
      return [...forwarded.values()].filter((n) => n > 1).length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        tcp.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on: connections are refused. */
export async function reservePort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const now = () => Date.now();

function safeAnswer(options: FrontOptions, arrival: Arrival): Answer {
  try {
    return options.answer(arrival);
  } catch {
    return FORWARD;
  }
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseEvents(body: string): Record<string, unknown>[] {
  try {
    const events = (JSON.parse(body) as { events?: unknown }).events;
    return Array.isArray(events) ? events : [];
  } catch {
    return [];
  }
}

/** `Retry-After` as the front sent it, in ms from now. */
function retryAfterMs(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  if (/^\d+$/.test(header)) return Number(header) * 1000;
  return Date.parse(header) - now();
}

/** Forwards to the collector, or accepts the batch itself when there is none. */
async function pass(target: string | undefined, body: string,
  events: Record<string, unknown>[], rewritten: boolean) {
  if (!target) {
    const text = JSON.stringify({ accepted: events.length, rejected: [] });
    return { status: 200, text };
  }
  const batch = rewritten ? JSON.stringify({ ...JSON.parse(body), events }) : body;
  const response = await fetch(`${target}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: batch,
  });
  return { status: response.status, text: await response.text() };
}

/** Headers and part of the body go out, then the connection is torn down. */
function resetMidway(res: ServerResponse, text: string, done: () => void): void {
  res.writeHead(200, { 'content-type': 'application/json',
    'content-length': String(text.length + 64) });
  res.write(text.slice(0, Math.ceil(text.length / 2)));
  setImmediate(() => res.socket?.destroy());
  done();
}
