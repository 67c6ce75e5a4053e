// Exactly once across crashes: the process running an import is SIGKILLed at each step of sending one item —
// before its create reached Nxsys, after Nxsys created it but before the answer was recorded, and after the
// record — at a random item, 20 times (2 imports at a time), in timesheet and candidate imports. Another instance
// takes each import over once the dead one's lease lapses. The sandbox (in this process) keeps its state
// throughout, and the agency is a busy one: its candidate list (documented with page and size only, so a look-up
// cannot narrow it) runs past 2,000 rows, so a candidate created just before the kill is far from the first pages.
// Every time, Nxsys holds every row of the file exactly once (0 duplicates, 0 lost rows) and the import's report
// says what Nxsys holds.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { CANDIDATE_COLUMNS, suggestMapping } from '@/lib/imports/schema';
import { uploadImportFile, runImport, startImport } from '@/lib/imports/server';
import { stopJobEngine } from '@/lib/server/jobs';
import type { Sandbox } from '../../sandbox/server';
import type { Candidate, Timesheet } from '../../sandbox/store';
import { testDb } from '../helpers/db';
import { sandboxWorkers, timesheetRows, toCsv } from '../helpers/imports';
import { connectedAdmin, productEnv } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';
import { until } from './wait';

const db = testDb();
const envBefore = { ...process.env };
const key = generateKeyringEntry('k1');
// A short lease and look-up grace (3 × the 2 s timeout) keep 20 crashes within a few minutes; the timeout leaves
// room for reading the busy agency's whole candidate list on a loaded machine.
const ENV = { IMPORTS_LEASE_SECONDS: '3', NXSYS_TIMEOUT_MS: '2000', IMPORTS_CONCURRENCY: '2' };
let sb: Sandbox;
const processes = new Set<ReturnType<typeof spawn>>();
/** The candidates Nxsys already holds beyond the seed's: more than 20 pages of 100 in the list. */
const BUSY_AGENCY_CANDIDATES = 2_100;
/**
 * Per run (one import each): called inside Nxsys's create of one of its records, before it is stored and answered.
 * 'drop' makes Nxsys store nothing, as if the request never reached it.
 */
const onCreate = new Map<number, () => 'drop' | void>();
/** The run whose import is for this week. */
const runOfWeek = new Map<string, number>();
/** A run's candidates are e-mailed k<run>-<n>@kill.example. */
const runOfEmail = (email: unknown) => Number(/^k(\d+)-\d+@kill\.example$/.exec(String(email))?.[1] ?? -1);

beforeAll(async () => {
  sb = await sandboxFor({ quiet: true });
  Object.assign(process.env, productEnv(sb, key), ENV);
  const company = sb.store.company('COM-1');
  // A busy agency: thousands of workers on its books before these imports (records as Nxsys holds them).
  const template = company.candidates.find((c) => c.country === 'UK')!;
  for (let i = 0; i < BUSY_AGENCY_CANDIDATES; i++) {
    const ids = sb.store.nextId('SR', 101000);
    company.candidates.push({
      ...structuredClone(template),
      ...ids,
      systemId: `ST-${200000 + ids.incrementId}`,
      generalSetting: {
        ...structuredClone(template.generalSetting),
        forename: `Busy${i}`,
        surname: 'Worker',
        email: `worker${i}@busy.example`,
        NINumber: `WT${String(i).padStart(6, '0')}A`,
      },
    });
  }
  const hooked = <T>(list: T[], runOf: (record: T) => number) => {
    const push = list.push.bind(list);
    list.push = (...added: T[]) => push(...added.filter((record) => onCreate.get(runOf(record))?.() !== 'drop'));
  };
  hooked<Timesheet>(company.timesheets, (t) => runOfWeek.get(t.startDate) ?? -1);
  hooked<Candidate>(company.candidates, (c) => runOfEmail(c.generalSetting.email));
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

const ROWS = 6;

/** Six new UK candidates of one run, as the candidate template's columns. */
function candidateCsv(run: number) {
  const values = (n: number): Record<string, string> => ({
    forename: `Kira${n}`,
    surname: `Restart${run}`,
    DOB: '15/05/1990',
    NINumber: `WX${String(run).padStart(3, '0')}${String(n).padStart(3, '0')}A`,
    email: `k${run}-${n}@kill.example`,
    mobile: '07700 900123',
    address1: '1 High Street',
    city: 'London',
    postCode: 'SW1A 1AA',
    sortCode: '12-34-56',
    accountNumber: '12345678',
    accountName: 'Kira Restart',
    bankName: 'Barclays',
    payFrequency: 'Weekly',
    paymentModel: 'Umbrella',
  });
  const rows = [
    CANDIDATE_COLUMNS.map((c) => c.header),
    ...Array.from({ length: ROWS }, (_, n) => CANDIDATE_COLUMNS.map((c) => values(n)[c.field] ?? '')),
  ];
  return rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
}

/** An import of one timesheet per worker for the run's week, or of six new candidates. */
async function newImport(
  user: CurrentUser,
  kind: 'TIMESHEETS' | 'CANDIDATES',
  workers: ReturnType<typeof sandboxWorkers>,
  weekStart: string,
  run: number,
) {
  // A busy agency's rows name the worker by SR id: its list is too long for the preview to rule out a shared NI number.
  const sheetRows = timesheetRows(workers, weekStart, 1).map((row, i) => [workers[i]!.id, ...row.slice(1)]);
  const csv = kind === 'TIMESHEETS' ? toCsv(sheetRows) : candidateCsv(run);
  const parsed = await uploadImportFile(user, `kill-${run}.csv`, new TextEncoder().encode(csv));
  const request = {
    kind,
    ...(kind === 'TIMESHEETS' ? { payFrequency: 'WEEKLY' as const } : {}),
    ...parsed,
    mapping: suggestMapping(kind, parsed.header),
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return (await startImport(user, request)).id;
    } catch (error) {
      // Submitted again (one job per preview, so never a second one) when Nxsys was too slow for the test's short
      // timeout and a look-up timed out.
      if (attempt === 5 || String((error as { code?: string }).code) !== 'nxsys_timeout') throw error;
    }
  }
}

const STEPS = ['before the send', 'after Nxsys created it, before the record', 'after the record'] as const;
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

it('SIGKILL at each step of sending, at a random item, 20 times: 0 duplicates, 0 lost rows and a true report every time', async () => {
  const admin = await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb);
  const user = { ...admin, role: 'ADMIN' } as unknown as CurrentUser;
  const workers = sandboxWorkers(sb.store).slice(0, ROWS);
  // Creates take a little while, as over a network: a kill often lands with another create in flight.
  sb.control.setFaults({ latencyMs: 30, method: 'POST', pathPrefix: '/nxsys/' });
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
      // Every step in both kinds of import (run % 6 covers each pair): a busy agency's new candidate is found in
      // Nxsys only by reading its whole candidate list.
      const kind = run % 2 === 0 ? 'TIMESHEETS' : 'CANDIDATES';
      const at = 1 + Math.floor(Math.random() * 4); // the item (1…4 of 6) at whose step the instance dies
      const context = `run ${run}: ${kind.toLowerCase()} killed ${step} of item ${at}`;
      const weekStart = addDays('2027-06-07', 7 * run);
      runOfWeek.set(weekStart, run);
      const company = sb.store.company('COM-1');
      // What Nxsys holds of this run's file, by row (the worker of a timesheet, the e-mail of a candidate).
      const held = (): { id: string; row: string }[] =>
        kind === 'TIMESHEETS'
          ? company.timesheets.filter((t) => t.startDate === weekStart).map((t) => ({ id: t.id, row: t.candidateId }))
          : company.candidates
              .filter((c) => runOfEmail(c.generalSetting.email) === run)
              .map((c) => ({ id: c.id, row: String(c.generalSetting.email) }));
      const rows = kind === 'TIMESHEETS' ? workers.map((w) => w.id) : Array.from({ length: ROWS }, (_, n) => `k${run}-${n}@kill.example`);
      const instance = await next;
      next = load(); // the next one loads while this one works
      let killed: Promise<unknown> | null = null;
      if (step !== 'after the record') {
        onCreate.set(run, () => {
          if (killed || held().length < at - 1) return;
          killed = instance.kill(); // inside Nxsys's create: the instance never gets the answer
          return step === 'before the send' ? 'drop' : undefined;
        });
      }
      const id = await newImport(user, kind, workers, weekStart, run);
      instance.run(id);
      const stuck = async (error: Error) => {
        const job = await db.importJob.findUniqueOrThrow({ where: { id }, select: { status: true, leaseUntil: true } });
        const states = await db.importItem.groupBy({ by: ['state'], where: { jobId: id }, _count: true });
        throw new Error(`${context}: ${error.message}; job ${JSON.stringify({ job, states })}; the instance: ${instance.output()}`);
      };
      if (step === 'after the record') {
        // Killed once `at` items have their outcome recorded (created, or whatever the run concluded).
        await until(
          () => db.importItem.count({ where: { jobId: id, state: { notIn: ['PENDING', 'SENDING'] } } }),
          (n) => n >= at,
          120_000,
        ).catch(stuck);
        killed = instance.kill();
      } else {
        await until(() => killed !== null, Boolean, 120_000).catch(stuck);
      }
      await killed;
      onCreate.delete(run);

      // Another instance (this process) takes the import over once the dead one's lease lapses.
      await until(
        () => runImport(id),
        (result) => result !== 'busy',
        120_000,
        100,
      );
      const job = await db.importJob.findUniqueOrThrow({ where: { id } });
      const records = held();
      const perRow = new Map<string, number>();
      for (const r of records) perRow.set(r.row, (perRow.get(r.row) ?? 0) + 1);
      expect(
        [...perRow.entries()].filter(([, n]) => n > 1),
        `duplicates, ${context}`,
      ).toEqual([]);
      expect(new Set(records.map((r) => r.row)), `lost rows, ${context}`).toEqual(new Set(rows));
      // The report says what Nxsys holds: every row created, each item naming its own record.
      expect(job, `report, ${context}`).toMatchObject({ status: 'FINISHED', total: ROWS, created: ROWS, failed: 0, unknown: 0 });
      const items = await db.importItem.findMany({ where: { jobId: id } });
      expect(new Set(items.map((i) => i.nxsysId)), `items, ${context}`).toEqual(new Set(records.map((r) => r.id)));
      done.push(context);
    }
    (await next).kill();
  };
  await Promise.all([0, 1].map(lane));
  expect(done).toHaveLength(20);
}, 900_000);
