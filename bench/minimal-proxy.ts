// The floor for bench (a): the least any proxy of ours could do per call, with no framework — node:http, one SQL
// statement on the portal's database (the session look-up) and one keep-alive call to the sandbox with the agency's
// token — so that the portal's overhead is read next to what this machine allows. `/noop` answers at once (the cost
// of one HTTP hop). Started by bench/proxy.ts: MINIMAL_PORT, DATABASE_URL, NXSYS_API_URL, MINIMAL_TOKEN.
import http from 'node:http';
import pg from 'pg';
import { Agent, request } from 'undici';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
const agent = new Agent({ keepAliveTimeout: 30_000 });
const upstream = process.env.NXSYS_API_URL!;

http
  .createServer((req, res) => {
    if (req.url === '/noop') return void res.end('{}');
    void (async () => {
      await pool.query('SELECT "id", "userId", "expiresAt" FROM "Session" LIMIT 1');
      const answer = await request(`${upstream}${req.url}`, {
        dispatcher: agent,
        headers: { authorization: `Nxsys-oauthtoken ${process.env.MINIMAL_TOKEN}` },
      });
      const body = await answer.body.text();
      res.writeHead(answer.statusCode, { 'content-type': 'application/json' }).end(body);
    })().catch(() => res.writeHead(502).end());
  })
  .listen(Number(process.env.MINIMAL_PORT ?? 3175), '127.0.0.1');
