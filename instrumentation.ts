// Runs once when the server starts: refuse to start on invalid configuration, with a message naming what
// is missing, instead of failing inside the first request; then load the composition root (lib/registry.ts) and
// start this instance's job workers and its graceful shutdown (lib/server/shutdown.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { env } = await import('./lib/server/env');
  const config = env();
  if (config.HTTP_COALESCE_WRITES === 'on') {
    const { coalesceResponseWrites } = await import('./lib/server/http/coalesce-writes');
    coalesceResponseWrites();
  }
  const { startWorkersWhenReachable, stopJobEngine } = await import('./lib/server/jobs');
  const { installGracefulShutdown } = await import('./lib/server/shutdown');
  const { db } = await import('./lib/server/db');
  installGracefulShutdown({ stopJobs: stopJobEngine, closeDatabase: () => db.$disconnect() });
  // The composition root: what the kernel serves of the domains (their jobs, lists, reaction to a connection
  // problem), wired before the first request, whether or not this instance runs workers.
  const { allJobs } = await import('./lib/registry');
  if (config.JOBS_WORKERS === 'off') return;
  const { resumeStalledImports } = await import('./lib/imports/server');
  const { log } = await import('./lib/server/log');
  // Not awaited: with the database down the instance still starts (health 200, ready 503 naming the database) and
  // the workers start once it answers. Imports whose run died with an earlier instance are then picked up at once,
  // not only by the next minute's sweep.
  void startWorkersWhenReachable(allJobs, {
    onStarted: () => void resumeStalledImports().catch((error: unknown) => log.error({ err: error }, 'resuming imports failed')),
  });
}
