// Exactly once across crashes: an import's worker process is SIGKILLed at each step of sending one item — before
// its create reached Nxsys, after Nxsys created it but before the answer was recorded, and after the record — at a
// random item, 20 times. Another process takes over once the lease lapses. The sandbox (in this process) keeps its
// state throughout: each time Nxsys holds every timesheet of the file exactly once (0 duplicates, 0 lost rows).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { suggestMapping } from '@/lib/imports/schema';
import { parseUpload, startImport } from '@/lib/imports/server';
import { stopJobEngine } from '@/lib/server/jobs';
import type { Sandbox } from '../../sandbox/server';
import type { Timesheet } from '../../sandbox/store';
import { testDb } from '../helpers/db';
import { sandboxWorkers, timesheetRows, toCsv } from '../helpers/imports';
import { connectedAdmin, productEnv } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';
import { until } from './wait';

const db = testDb();
const envBefore = { ...process.env };
const key = generateKeyringEntry('k1');
// Short lease and look-up grace (3 × the 400 ms timeout, at least 1 s) keep 20 crashes within a couple of minutes.
const ENV = { IMPORTS_LEASE_SECONDS: '2', JOBS_POLL_SECONDS: '0.5', NXSYS_TIMEOUT_MS: '400', IMPORTS_CONCURRENCY: '2' };
let sb: Sandbox;
const children = new Set<ChildProcessWithoutNullStreams>();
/** Called by the sandbox's store on every timesheet it creates, before it answers. */
let onCreate: (t: Timesheet) => void = () => undefined;

beforeAll(async () => {
  sb = await sandboxFor({ quiet: true });
  Object.assign(process.env, productEnv(sb, key), ENV);
  const sheets = sb.store.company('COM-1').timesheets;
  const push = sheets.push.bind(sheets);
  sheets.push = (...added: Timesheet[]) => {
    const n = push(...added);
    for (const t of added) onCreate(t);
    return n;
  };
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await stopJobEngine({ graceful: false });
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

async function startWorker() {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'tests/helpers/import-worker.ts'], {
    env: { ...process.env, NODE_ENV: 'production', ...productEnv(sb, key), ...ENV },
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const { value } = await lines.next();
  if (value !== 'ready') throw new Error(`worker did not start: ${stderr}`);
  return child;
}

function kill(child: ChildProcessWithoutNullStreams) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  return exited;
}

const STEPS = ['before the send', 'after Nxsys created it, before the record', 'after the record'] as const;
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

it('SIGKILL at each step of sending, at a random item, 20 times: 0 duplicates and 0 lost rows every time', async () => {
  const admin = await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb);
  const user = { ...admin, role: 'ADMIN' } as unknown as CurrentUser;
  const workers = sandboxWorkers(sb.store).slice(0, 6);
  // Creates take a little while, as over a network: a kill often lands with another create in flight.
  sb.control.setFaults({ latencyMs: 30, method: 'POST', pathPrefix: '/nxsys/time-sheets' });
  let worker = await startWorker();
  const seen: string[] = [];

  for (let run = 0; run < 20; run++) {
    const step = STEPS[run % 3]!;
    const at = 1 + Math.floor(Math.random() * 4); // the item (1…4 of 6) at whose step the process dies
    const weekStart = addDays('2027-06-07', 7 * run);
    const sheetsOfWeek = () => sb.store.company('COM-1').timesheets.filter((t) => t.startDate === weekStart);
    const parsed = await parseUpload(`kill-${run}.csv`, new TextEncoder().encode(toCsv(timesheetRows(workers, weekStart, 1))));
    const victim = worker;
    let killed: Promise<unknown> | null = null;
    if (step === 'after Nxsys created it, before the record') {
      // Killed inside Nxsys's create, before it answers: the record exists, its answer never reaches the worker.
      onCreate = (t) => {
        if (!killed && t.startDate === weekStart && sheetsOfWeek().length >= at) killed = kill(victim);
      };
    }
    const { id } = await startImport(user, {
      kind: 'TIMESHEETS',
      payFrequency: 'WEEKLY',
      ...parsed,
      mapping: suggestMapping('TIMESHEETS', parsed.header),
    });
    const states = () => db.importItem.groupBy({ by: ['state'], where: { jobId: id }, _count: true });
    const count = (rows: Awaited<ReturnType<typeof states>>, state: string) => rows.find((r) => r.state === state)?._count ?? 0;
    if (step === 'before the send') {
      // After `at - 1` creates, the next create never reaches Nxsys's handler (it hangs before it): killed then.
      await until(() => sheetsOfWeek().length, (n) => n >= at - 1);
      sb.control.setFaults({ hangNext: 1 });
      await until(() => sb.control.faults.hangNext, (n) => n === 0);
      killed = kill(victim);
    } else if (step === 'after the record') {
      await until(states, (rows) => count(rows, 'CREATED') >= at);
      killed = kill(victim);
    } else {
      await until(() => killed, (k) => k !== null);
    }
    await killed;
    onCreate = () => undefined;
    sb.control.setFaults({ hangNext: 0 });
    seen.push(`${step} #${at}: ${JSON.stringify(await states())}`);

    worker = await startWorker(); // takes the import over once the dead one's lease lapses
    const job = await until(
      () => db.importJob.findUniqueOrThrow({ where: { id } }),
      (j) => j.status === 'FINISHED' || j.status === 'FAILED',
      60_000,
    );
    const sheets = sheetsOfWeek();
    const perWorker = new Map<string, number>();
    for (const t of sheets) perWorker.set(t.candidateId, (perWorker.get(t.candidateId) ?? 0) + 1);
    const context = `run ${run}, killed ${step} of item ${at}`;
    expect([...perWorker.entries()].filter(([, n]) => n > 1), `duplicates, ${context}`).toEqual([]);
    expect(new Set(sheets.map((t) => t.candidateId)), `lost rows, ${context}`).toEqual(new Set(workers.map((w) => w.id)));
    expect(job, context).toMatchObject({ status: 'FINISHED', total: 6, created: 6, failed: 0, unknown: 0 });
    const items = await db.importItem.findMany({ where: { jobId: id } });
    expect(new Set(items.map((i) => i.nxsysId)), context).toEqual(new Set(sheets.map((t) => t.id)));
  }
  // Every step was hit (a kill at "after the record" may land before the next item is marked; that is fine).
  expect(seen).toHaveLength(20);
}, 240_000);
