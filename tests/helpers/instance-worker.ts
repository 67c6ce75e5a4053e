// One "app instance" for tests/integration/instances.test.ts: the product's job engine, its graceful shutdown and
// readiness, behind a small HTTP server that shuts down the way Next's start-server does on SIGTERM (stop
// accepting, let in-flight requests finish, then process.exit(143)). Prints one JSON object per event on stdout.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { db } from '@/lib/server/db';
import { callNxsys } from '@/lib/server/nxsys';
import { readiness } from '@/lib/server/health';
import { defineJob, startWorkers, stopJobEngine } from '@/lib/server/jobs';
import { idleRefreshJob } from '@/lib/server/nxsys/idle-refresh';
import { installGracefulShutdown } from '@/lib/server/shutdown';
// The composition root: the token layer's connection problems e-mail the admins, as in the app.
import '@/lib/registry';

const say = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

// The product's idle refresh, on a queue of this test's own and due every minute.
const scheduledRefresh = defineJob({
  ...idleRefreshJob,
  name: process.env.REFRESH_QUEUE ?? 'test-instances-idle-refresh',
  schedule: '* * * * *',
  async handle(data, job) {
    say({ event: 'refresh-ran', job: job.id });
    await idleRefreshJob.handle(data, job);
    say({ event: 'refresh-done', job: job.id });
  },
});
const slowJob = defineJob({
  name: 'test-instances-slow',
  payload: z.object({ ms: z.number() }),
  async handle({ ms }, job) {
    say({ event: 'job-started', job: job.id });
    await new Promise((resolve) => setTimeout(resolve, ms));
    say({ event: 'job-finished', job: job.id });
  },
});

const server = createServer((request, response) => {
  if (request.url === '/ready') {
    void readiness(db).then((result) => {
      response.writeHead(result.ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify(result));
    });
    return;
  }
  const url = new URL(request.url ?? '/', 'http://x');
  if (url.pathname === '/nxsys') {
    // One Nxsys read for the agency (refreshing its token first when it has expired).
    void callNxsys(
      { agency: { id: url.searchParams.get('agency')!, name: '' } },
      { method: 'GET', path: '/nxsys/vat-code', query: { size: 1 } },
    ).then(
      () => (say({ event: 'nxsys-answered' }), response.end('ok')),
      (error: unknown) => (say({ event: 'nxsys-failed', error: String(error) }), response.writeHead(500).end(String(error))),
    );
    return;
  }
  const ms = Number(url.searchParams.get('ms') ?? 0);
  say({ event: 'request-received', path: url.pathname });
  setTimeout(() => response.end('done'), ms);
});
// As Next's start-server: SIGTERM → stop accepting, finish in-flight requests, exit(143).
process.on('SIGTERM', () => server.close(() => process.exit(143)));
installGracefulShutdown({
  stopJobs: stopJobEngine,
  closeDatabase: async () => {
    say({ event: 'database-closing' });
    await db.$disconnect();
  },
});

await startWorkers(process.env.WITH_SCHEDULE === '1' ? [scheduledRefresh, slowJob] : [slowJob], {
  pollingIntervalSeconds: 0.5,
  cronMonitorIntervalSeconds: 1,
});
server.listen(0, '127.0.0.1', () => say({ event: 'listening', port: (server.address() as AddressInfo).port }));
process.on('exit', (code) => say({ event: 'exit', code }));
