// Resumable, never duplicated: a worker process is SIGKILLed in the middle of an import (creates in flight, their
// answers lost), another process takes over once the first one's lease lapses, and in the end Nxsys holds every
// timesheet of the file exactly once: 0 duplicates, 0 lost rows.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { suggestMapping } from '@/lib/imports/schema';
import { uploadImportFile, startImport } from '@/lib/imports/server';
import { stopJobEngine } from '@/lib/server/jobs';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { sandboxWorkers, timesheetRows, toCsv } from '../helpers/imports';
import { connectedAdmin, productEnv } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';

const db = testDb();
const envBefore = { ...process.env };
const key = generateKeyringEntry('k1');
let sb: Sandbox;
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  sb = await sandboxFor();
  Object.assign(process.env, productEnv(sb, key), { IMPORTS_LEASE_SECONDS: '2', JOBS_POLL_SECONDS: '0.5', NXSYS_TIMEOUT_MS: '2000' });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await stopJobEngine({ graceful: false });
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

async function startWorker(extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'tests/helpers/import-worker.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      ...productEnv(sb, key),
      IMPORTS_LEASE_SECONDS: '2',
      JOBS_POLL_SECONDS: '0.5',
      NXSYS_TIMEOUT_MS: '2000',
      ...extraEnv,
    },
  });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const { value } = await lines.next();
  if (value !== 'ready') throw new Error(`worker did not start: ${stderr}`);
  return child;
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('SIGKILL mid-import, another process resumes: every timesheet exactly once (0 duplicates, 0 lost)', async () => {
  const admin = await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb);
  const user = { ...admin, role: 'ADMIN' } as unknown as CurrentUser;
  const workers = sandboxWorkers(sb.store).slice(0, 40);
  const weekStart = '2027-03-01';
  const parsed = await uploadImportFile(user, 'kill.csv', new TextEncoder().encode(toCsv(timesheetRows(workers, weekStart, 2))));
  // Creates take a while, as over a real network: the kill lands while several are in flight.
  sb.control.setFaults({ latencyMs: 300, method: 'POST', pathPrefix: '/nxsys/time-sheets' });
  const { id } = await startImport(user, {
    kind: 'TIMESHEETS',
    payFrequency: 'WEEKLY',
    ...parsed,
    mapping: suggestMapping('TIMESHEETS', parsed.header),
  });
  await stopJobEngine(); // this process only queued the job; the worker processes run it

  const first = await startWorker();
  const states = () => db.importItem.groupBy({ by: ['state'], where: { jobId: id }, _count: true });
  const count = (rows: Awaited<ReturnType<typeof states>>, state: string) => rows.find((r) => r.state === state)?._count ?? 0;
  await until(states, (rows) => count(rows, 'CREATED') >= 10 && count(rows, 'SENDING') >= 1, 60_000);
  // Killed inside Nxsys's next create, before it answers (no sleep guessing when a request has left): that create
  // lands and its answer is lost, as are those of the other creates already on their way.
  const sheets = sb.store.company('COM-1').timesheets;
  const push = sheets.push.bind(sheets);
  let exited: Promise<unknown> | null = null;
  sheets.push = (...added) => {
    if (!exited && added.some((t) => t.startDate === weekStart)) {
      exited = new Promise((resolve) => first.once('exit', resolve));
      first.kill('SIGKILL');
    }
    return push(...added);
  };
  await until(async () => exited !== null, Boolean, 60_000);
  await exited;
  const inFlight = await db.importItem.findMany({ where: { jobId: id, state: 'SENDING' }, select: { id: true, payload: true } });
  expect(inFlight.length).toBeGreaterThanOrEqual(1);
  const candidateOf = (payload: unknown) => (payload as { body: { subcontractorRef: string } }).body.subcontractorRef;
  // Anything created before the next process starts was sent by the killed one.
  const restartedAt = new Date().toISOString();

  await startWorker();
  const job = await until(
    () => db.importJob.findUniqueOrThrow({ where: { id } }),
    (j) => j.status === 'FINISHED',
    150_000,
  );
  expect(job).toMatchObject({ total: 40, created: 40, failed: 0, unknown: 0 });

  const items = await db.importItem.findMany({ where: { jobId: id } });
  const ofWeek = sheets.filter((t) => t.startDate === weekStart);
  // 0 duplicates: one timesheet per worker and week in Nxsys.
  const perWorker = new Map<string, number>();
  for (const t of ofWeek) perWorker.set(t.candidateId, (perWorker.get(t.candidateId) ?? 0) + 1);
  expect([...perWorker.values()].filter((n) => n > 1)).toEqual([]);
  // 0 lost: every worker of the file has their timesheet, with both lines, and our records point at it.
  expect(new Set(ofWeek.map((t) => t.candidateId))).toEqual(new Set(workers.map((w) => w.id)));
  expect(ofWeek.every((t) => t.lines.length === 2)).toBe(true);
  expect(new Set(items.map((i) => i.nxsysId))).toEqual(new Set(ofWeek.map((t) => t.id)));
  // The killed process's creates whose answers it never saw were found in Nxsys by lookup, not sent again; the other
  // in-flight ones (never sent) were sent once.
  const createdUnseen = inFlight.flatMap((item) => {
    const sheet = sheets.find((t) => t.startDate === weekStart && t.candidateId === candidateOf(item.payload) && t.createdAt < restartedAt);
    return sheet ? [[item.id, sheet.id] as const] : [];
  });
  expect(createdUnseen.length).toBeGreaterThanOrEqual(1);
  for (const [itemId, sheetId] of createdUnseen) {
    expect(items.find((i) => i.id === itemId)).toMatchObject({ state: 'CREATED', nxsysId: sheetId, attempts: 1 });
  }
}, 240_000);

it('SIGTERM mid-import: the running import is let finish before the process exits; nothing doubled, nothing lost', async () => {
  // The workers of the test above are stopped first: this import must be run by the one that gets the SIGTERM.
  await Promise.all(
    children.splice(0).map((child) =>
      child.exitCode !== null || child.signalCode !== null
        ? null
        : new Promise((resolve) => {
            child.once('exit', resolve);
            child.kill('SIGKILL');
          }),
    ),
  );
  const admin = await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb);
  const user = { ...admin, role: 'ADMIN' } as unknown as CurrentUser;
  const workers = sandboxWorkers(sb.store).slice(0, 20);
  const weekStart = '2027-03-08';
  const parsed = await uploadImportFile(user, 'term.csv', new TextEncoder().encode(toCsv(timesheetRows(workers, weekStart, 1))));
  sb.control.setFaults({ latencyMs: 300, method: 'POST', pathPrefix: '/nxsys/time-sheets' });
  const { id } = await startImport(user, {
    kind: 'TIMESHEETS',
    payFrequency: 'WEEKLY',
    ...parsed,
    mapping: suggestMapping('TIMESHEETS', parsed.header),
  });
  await stopJobEngine();

  const worker = await startWorker({ GRACEFUL: '1' });
  const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));
  await until(
    () => db.importItem.count({ where: { jobId: id, state: 'CREATED' } }),
    (n) => n >= 3,
    60_000,
  );
  worker.kill('SIGTERM');
  expect(await exited).toBe(143); // it exited by itself, after its jobs stopped
  // The import it was running went on to its end before the exit: every timesheet once, none left to send.
  const job = await db.importJob.findUniqueOrThrow({ where: { id } });
  expect(job).toMatchObject({ status: 'FINISHED', total: 20, created: 20, failed: 0, unknown: 0 });
  const ofWeek = sb.store.company('COM-1').timesheets.filter((t) => t.startDate === weekStart);
  expect(ofWeek).toHaveLength(20);
  expect(new Set(ofWeek.map((t) => t.candidateId))).toEqual(new Set(workers.map((w) => w.id)));
}, 120_000);
