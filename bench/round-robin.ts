// A small round-robin HTTP proxy in front of several portal instances, for `npm run bench` (what a load balancer
// does): each request goes to the next instance; an instance that refuses or drops a connection before answering
// is taken out for 2 s and the request (its body is buffered) goes to the next one (a read also when its kept-alive
// connection is found dead). A write whose instance dies after it was sent fails with 502, as behind a real
// balancer. GET /__rr/stats: per instance, requests in flight.
// Run: RR_PORT=3174 RR_UPSTREAMS=3171,3172,3173 tsx bench/round-robin.ts
import http from 'node:http';

const port = Number(process.env.RR_PORT ?? 3174);
const upstreams = (process.env.RR_UPSTREAMS ?? '3171,3172,3173').split(',').map(Number);
const downUntil = new Map<number, number>();
const inFlight = new Map<number, number>(upstreams.map((u) => [u, 0]));
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
let next = 0;

function pick(tried: Set<number>): number | undefined {
  for (let i = 0; i < upstreams.length; i++) {
    const candidate = upstreams[(next + i) % upstreams.length]!;
    if (tried.has(candidate) || (downUntil.get(candidate) ?? 0) > Date.now()) continue;
    next = (upstreams.indexOf(candidate) + 1) % upstreams.length;
    return candidate;
  }
  return undefined;
}

const server = http.createServer((request, response) => {
  if (request.url === '/__rr/stats') {
    response.end(
      JSON.stringify({ inFlight: Object.fromEntries(inFlight), down: [...downUntil].filter(([, t]) => t > Date.now()).map(([u]) => u) }),
    );
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => forward(request, response, Buffer.concat(chunks), new Set()));
});

function forward(request: http.IncomingMessage, response: http.ServerResponse, body: Buffer, tried: Set<number>) {
  const upstream = pick(tried);
  if (upstream === undefined) {
    response.writeHead(503).end('no instance available');
    return;
  }
  tried.add(upstream);
  inFlight.set(upstream, inFlight.get(upstream)! + 1);
  let answered = false;
  const done = () => inFlight.set(upstream, inFlight.get(upstream)! - 1);
  const outgoing = http.request(
    { host: '127.0.0.1', port: upstream, method: request.method, path: request.url, headers: request.headers, agent },
    (upstreamResponse) => {
      answered = true;
      response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
      upstreamResponse.pipe(response);
      upstreamResponse.on('end', done);
      upstreamResponse.on('error', () => {
        done();
        response.destroy();
      });
    },
  );
  outgoing.on('error', (error: NodeJS.ErrnoException) => {
    if (answered) return;
    done();
    downUntil.set(upstream, Date.now() + 2_000);
    // Refused: nothing reached the instance, so another may serve it. A kept-alive connection found closed (the
    // instance went away between requests): a read is sent again. Anything else in flight fails (502).
    const retry = error.code === 'ECONNREFUSED' || (request.method === 'GET' && outgoing.reusedSocket && !response.headersSent);
    if (retry) return forward(request, response, body, tried);
    if (!response.headersSent) response.writeHead(502).end(`instance ${upstream} failed: ${error.code}`);
  });
  outgoing.end(body);
}

server.listen(port, '127.0.0.1', () => process.stdout.write(`round-robin on ${port} → ${upstreams.join(', ')}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
