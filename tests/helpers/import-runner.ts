// One app instance running imports for tests/integrity/import-kill-restart.test.ts: it loads the product's import
// run, says "loaded", and runs `runImport(id)` for each "run <id>" line on stdin (the job engine's handler does
// the same, and the sweep asks again while it is busy). Loaded ahead of time, so the test can SIGKILL it at an exact step without waiting for a process start.
import { createInterface } from 'node:readline';
import { runImport } from '@/lib/imports/server';

process.stdout.write('loaded\n');
for await (const line of createInterface({ input: process.stdin })) {
  const [command, id] = line.split(' ');
  // Asked again while another run holds it, as the stalled-import sweep would (this machine may be slow enough
  // for a 2 s lease to lapse).
  if (command === 'run' && id) void runUntilDone(id);
}

async function runUntilDone(id: string) {
  try {
    for (let result = await runImport(id); ; result = await runImport(id)) {
      process.stdout.write(`${id} ${result}\n`);
      if (result !== 'busy') return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    process.stderr.write(`${String(error)}\n`);
  }
}
