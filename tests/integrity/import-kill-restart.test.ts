// Exactly once across crashes: the process running an import is SIGKILLed at each step of sending one item —
// before its create reached Nxsys, after Nxsys created it but before the answer was recorded, and after the
// record — at a random item, 20 times (2 imports at a time). Another instance takes each import over once the dead
// one's lease lapses. The sandbox (in this process) keeps its state throughout: every time, Nxsys holds every
// timesheet of the file exactly once (0 duplicates, 0 lost rows).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { suggestMapping } from '@/lib/imports/schema';
import { uploadImportFile, runImport, startImport } from '@/lib/imports/server';
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
// A short lease and look-up grace (3 × the 1 s timeout) keep 20 crashes within a couple of minutes.
const ENV = { IMPORTS_LEASE_SECONDS: '2', NXSYS_TIMEOUT_MS: '1000', IMPORTS_CONCURRENCY: '2' };
let sb: Sandbox;
const processes = new Set<ReturnType<typeof spawn>>();
/**
 * Per week (one import each): called inside Nxsys's create of a timesheet, before it is stored and answered.
 * 'drop' makes Nxsys store nothing, as if the request never reached it.
 */
const onCreate = new Map<string, (t: Timesheet) => 'drop' | void>();

beforeAll(async () => {
  sb = await sandboxFor({ quiet: true });
  Object.assign(process.env, productEnv(sb, key), ENV);
  const sheets = sb.store.company('COM-1').timesheets;
  const push = sheets.push.bind(sheets);
  sheets.push = (...added: Timesheet[]) => push(...added.filter((t) => onCreate.get(t.startDate)?.(t) !== 'drop'));
});
afterAll(async () => {
  for (const child of processes) child.kill('SIGKILL');
  await stopJobEngine({ graceful: false });
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

/** An instance that runs imports (tests/helpers/import-runner.ts), loaded and waiting. */
async function loadInstance() {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'tests/helpers/import-runner.ts'], {
    env: { ...process.env, NODE_ENV: 'production', ...productEnv(sb, key), ...ENV },
  });
  processes.add(child);
  const exited = new Promise((resolve) => child.once('exit', resolve)).then(() => processes.delete(child));
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const { value } = await lines.next();
  if (value !== 'loaded') throw new Error(`the instance did not start: ${stderr}`);
  let stdout = '';
  void (async () => {
    for (let line = await lines.next(); !line.done; line = await lines.next()) stdout += `${line.value}\n`;
  })();
  return {
    run: (importId: string) => child.stdin!.write(`run ${importId}\n`),
    output: () => `exit ${child.exitCode ?? child.signalCode}; ${stdout} ${stderr}`,
    kill: () => (child.kill('SIGKILL'), exited),
  };
}

/** An import of one timesheet per worker for the week (its preview asked again if Nxsys was slow to answer). */
async function newImport(user: CurrentUser, workers: ReturnType<typeof sandboxWorkers>, weekStart: string, run: number) {
  const parsed = await uploadImportFile(user, `kill-${run}.csv`, new TextEncoder().encode(toCsv(timesheetRows(workers, weekStart, 1))));
  const request = {
    kind: 'TIMESHEETS' as const,
    payFrequency: 'WEEKLY' as const,
    ...parsed,
    mapping: suggestMapping('TIMESHEETS', parsed.header),
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return (await startImport(user, request)).id;
    } catch (error) {
      if (attempt === 5 || (error as { code?: string }).code !== 'nxsys_timeout') throw error;
    }
  }
}

const STEPS = ['before the send', 'after Nxsys created it, before the record', 'after the record'] as const;
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

it('SIGKILL at each step of sending, at a random item, 20 times: 0 duplicates and 0 lost rows every time', async () => {
  const admin = await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb);
  const user = { ...admin, role: 'ADMIN' } as unknown as CurrentUser;
  const workers = sandboxWorkers(sb.store).slice(0, 6);
  // Creates take a little while, as over a network: a kill often lands with another create in flight.
  sb.control.setFaults({ latencyMs: 30, method: 'POST', pathPrefix: '/nxsys/time-sheets' });
  await stopJobEngine(); // imports are run by the instances and by this test, not by a job worker here
  const done: string[] = [];

  const lane = async (laneNo: number) => {
    const load = () => {
      const loading = loadInstance();
      loading.catch(() => undefined); // awaited below; a load cut short by the test's end is not an error
      return loading;
    };
    let next = load();
    for (let i = 0; i < 10; i++) {
      const run = laneNo * 10 + i;
      const step = STEPS[run % 3]!;
      const at = 1 + Math.floor(Math.random() * 4); // the item (1…4 of 6) at whose step the instance dies
      const context = `run ${run}: killed ${step} of item ${at}`;
      const weekStart = addDays('2027-06-07', 7 * run);
      const sheetsOfWeek = () => sb.store.company('COM-1').timesheets.filter((t) => t.startDate === weekStart);
      const instance = await next;
      next = load(); // the next one loads while this one works
      let killed: Promise<unknown> | null = null;
      if (step !== 'after the record') {
        onCreate.set(weekStart, () => {
          if (killed || sheetsOfWeek().length < at - 1) return;
          killed = instance.kill(); // inside Nxsys's create: the instance never gets the answer
          return step === 'before the send' ? 'drop' : undefined;
        });
      }
      const id = await newImport(user, workers, weekStart, run);
      instance.run(id);
      const stuck = async (error: Error) => {
        const job = await db.importJob.findUniqueOrThrow({ where: { id }, select: { status: true, leaseUntil: true } });
        const states = await db.importItem.groupBy({ by: ['state'], where: { jobId: id }, _count: true });
        throw new Error(`${context}: ${error.message}; job ${JSON.stringify({ job, states })}; the instance: ${instance.output()}`);
      };
      if (step === 'after the record') {
        await until(
          () => db.importItem.count({ where: { jobId: id, state: 'CREATED' } }),
          (n) => n >= at,
          60_000,
        ).catch(stuck);
        killed = instance.kill();
      } else {
        await until(() => killed !== null, Boolean, 60_000).catch(stuck);
      }
      await killed;
      onCreate.delete(weekStart);

      // Another instance (this process) takes the import over once the dead one's lease lapses.
      await until(
        () => runImport(id),
        (result) => result !== 'busy',
        30_000,
        100,
      );
      const job = await db.importJob.findUniqueOrThrow({ where: { id } });
      const sheets = sheetsOfWeek();
      const perWorker = new Map<string, number>();
      for (const t of sheets) perWorker.set(t.candidateId, (perWorker.get(t.candidateId) ?? 0) + 1);
      expect(
        [...perWorker.entries()].filter(([, n]) => n > 1),
        `duplicates, ${context}`,
      ).toEqual([]);
      expect(new Set(sheets.map((t) => t.candidateId)), `lost rows, ${context}`).toEqual(new Set(workers.map((w) => w.id)));
      expect(job, context).toMatchObject({ status: 'FINISHED', total: 6, created: 6, failed: 0, unknown: 0 });
      const items = await db.importItem.findMany({ where: { jobId: id } });
      expect(new Set(items.map((i) => i.nxsysId)), context).toEqual(new Set(sheets.map((t) => t.id)));
      done.push(context);
    }
    (await next).kill();
  };
  await Promise.all([0, 1].map(lane));
  expect(done).toHaveLength(20);
}, 420_000);
