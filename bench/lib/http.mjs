// A keep-alive HTTP client for loopback load: node:http with no fetch layer,
// so that the load generator spends as little CPU as it can.
import { Agent, request } from 'node:http';

/** A client holding at most `sockets` connections open. */
export function httpClient(sockets) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  /** Resolves with `{ status, text }`; rejects on a network error. */
  const send = (method, url, body) => new Promise((resolve, reject) => {
    const headers = body === undefined ? {}
      : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = request(url, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode,
        text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
  return { send, close: () => agent.destroy() };
}
