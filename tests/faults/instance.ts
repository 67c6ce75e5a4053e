// One app instance for the fault suite: the product's own start-up (instrumentation.ts register(): configuration,
// graceful shutdown, every job worker) and its own /api/health and /api/ready route handlers, behind a small HTTP
// server. Prints one JSON object per line (pino's log lines, and `{"event":"listening","port"}`) on stdout.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { register } from '@/instrumentation';
import { GET as health } from '@/app/api/health/route';
import { GET as ready } from '@/app/api/ready/route';

process.env.NEXT_RUNTIME = 'nodejs';
await register();

const server = createServer((request, response) => {
  const route = request.url === '/api/health' ? health : request.url === '/api/ready' ? ready : null;
  if (!route) return void response.writeHead(404).end();
  // The route handlers take a Request (they check the URL and header limits first).
  void Promise.resolve(route(new Request(`http://127.0.0.1${request.url}`))).then(async (answer) => {
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(await answer.text());
  });
});
// As Next's start-server does on SIGTERM: stop accepting, then exit (graceful shutdown holds the exit back).
process.on('SIGTERM', () => server.close(() => process.exit(143)));
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`${JSON.stringify({ event: 'listening', port: (server.address() as AddressInfo).port })}\n`),
);
