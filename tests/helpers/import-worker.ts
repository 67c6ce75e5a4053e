// One app instance's job worker for the worker-kill test (tests/integration/import-kill.test.ts): the product's
// import job and its stalled-import sweep, on the test database and the parent's sandbox. Says "ready" once
// its workers poll; the test SIGKILLs it mid-import and starts another. With GRACEFUL=1 it shuts down as an
// instance does on SIGTERM (lib/server/shutdown.ts: running jobs finish, then the database closes).
import { importJob, resumeStalledImports } from '@/lib/imports/server';
import { db } from '@/lib/server/db';
import { startWorkers, stopJobEngine } from '@/lib/server/jobs';
import { installGracefulShutdown } from '@/lib/server/shutdown';

if (process.env.GRACEFUL === '1') installGracefulShutdown({ stopJobs: stopJobEngine, closeDatabase: () => db.$disconnect() });

await startWorkers([importJob], { pollingIntervalSeconds: 0.5 });
process.stdout.write('ready\n');
// The sweep the scheduled `imports-resume` job runs every minute, here every second so the test stays short.
setInterval(() => void resumeStalledImports().catch((error: unknown) => process.stderr.write(`${String(error)}\n`)), 1000);
