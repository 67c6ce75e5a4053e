// One app instance running imports for tests/integrity/import-kill-restart.test.ts: it loads the product's import
// run, says "loaded", and runs `runImport(id)` for each "run <id>" line on stdin (the job engine's handler does
// the same). Loaded ahead of time, so the test can SIGKILL it at an exact step without waiting for a process start.
import { createInterface } from 'node:readline';
import { runImport } from '@/lib/imports/server';

process.stdout.write('loaded\n');
for await (const line of createInterface({ input: process.stdin })) {
  const [command, id] = line.split(' ');
  if (command === 'run' && id) {
    void runImport(id).then(
      (result) => process.stdout.write(`${id} ${result}\n`),
      (error: unknown) => process.stderr.write(`${String(error)}\n`),
    );
  }
}
