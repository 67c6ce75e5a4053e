// One "app process" for the two-process refresh test (tests/integration/refresh-two-processes.test.ts): the
// product's own Nxsys wiring (env → token layer → client) in a process of its own. It warms its database pool,
// says "ready", waits for "go" on stdin, makes CALLS concurrent reads for AGENCY_ID, and prints what happened.
import { createInterface } from 'node:readline';
import { db } from '@/lib/server/db';
import { callNxsys } from '@/lib/server/nxsys';

const agencyId = process.env.AGENCY_ID!;
const calls = Number(process.env.CALLS ?? 50);

await db.$queryRaw`SELECT 1`;
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === 'go') break;

const outcomes = await Promise.allSettled(
  Array.from({ length: calls }, () =>
    callNxsys({ agency: { id: agencyId, name: '' } }, { method: 'GET', path: '/nxsys/vat-code', query: { page: 1, size: 5 } }),
  ),
);
const failures = outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason));
process.stdout.write(`${JSON.stringify({ ok: outcomes.length - failures.length, failures })}\n`);
await db.$disconnect();
process.exit(0);
