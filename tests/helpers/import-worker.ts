// One app instance's job worker for the worker-kill test (tests/integration/import-kill.test.ts): the product's
// import job and its stalled-import sweep, on the test database and the parent's sandbox. Says "ready" once
// its workers poll; the test SIGKILLs it mid-import and starts another.
import { importJob, resumeStalledImports } from '@/lib/imports/server';
import { startWorkers } from '@/lib/server/jobs';

await startWorkers([importJob], { pollingIntervalSeconds: 0.5 });
process.stdout.write('ready\n');
// The sweep the scheduled `imports-resume` job runs every minute, here every second so the test stays short.
setInterval(() => void resumeStalledImports().catch((error: unknown) => process.stderr.write(`${String(error)}\n`)), 1000);
