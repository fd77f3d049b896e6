// Run as `node close-child.mjs <sdk module>`. Ends one span against an
// endpoint that refuses every connection, awaits close(), and prints what
// close() and the client reported. Nothing else keeps the process alive,
// as at the end of a short script or a CLI.
import { createServer } from 'node:net';
import { pathToFileURL } from 'node:url';

const { TelemetryClient } = await import(pathToFileURL(process.argv[2]).href);

const probe = createServer();
await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
const { port } = probe.address();
await new Promise((resolve) => probe.close(resolve));

const client = new TelemetryClient({ endpoint: `http://127.0.0.1:${port}` });
client.traceModelCall({ model: 'm' }, () => 'done');
const closed = await client.close();
process.stdout.write(`${JSON.stringify({ closed, stats: client.stats })}\n`);
