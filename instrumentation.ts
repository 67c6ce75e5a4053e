// Runs once when the server starts: refuse to start on invalid configuration, with a message naming what
// is missing, instead of failing inside the first request; then start this instance's job workers.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { env } = await import('./lib/server/env');
  if (env().JOBS_WORKERS === 'off') return;
  const { startWorkers } = await import('./lib/server/jobs');
  const { allJobs } = await import('./lib/server/jobs/all-jobs');
  await startWorkers(allJobs);
  // Imports whose run died with an earlier instance are picked up now, not only by the next minute's sweep.
  const { resumeStalledImports } = await import('./lib/imports/server');
  void resumeStalledImports().catch((error: unknown) =>
    console.error('Resuming imports failed:', error instanceof Error ? error.message : error),
  );
}
