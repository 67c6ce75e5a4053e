// Fencing: a run whose lease lapsed while its instance was still alive (a long GC pause, a stalled event loop) can
// no longer move any item once another run holds the import. Its in-flight create still reaches Nxsys; the new run
// finds that record by lookup instead of sending it again, and Nxsys holds each timesheet once.
import { expect, it } from 'vitest';
import { suggestMapping } from '@/lib/imports/schema';
import { runImport, startImport } from '@/lib/imports/server';
import { stopJobEngine } from '@/lib/server/jobs';
import { importTestbed, sandboxWorkers, timesheetRows, toCsv } from '../helpers/imports';
import { until } from './wait';

const bed = importTestbed({
  // A long lease: it lapses only because the test says so, never by the machine's load.
  env: { NXSYS_TIMEOUT_MS: '2000', IMPORTS_LEASE_SECONDS: '120', IMPORTS_CONCURRENCY: '2' },
});
const { db } = bed;

it('a run whose lease lapsed cannot move any item; the run that took over finds its create; Nxsys holds each once', async () => {
  const workers = sandboxWorkers(bed.sb.store).slice(0, 6);
  const weekStart = '2027-05-03';
  const parsed = await bed.upload('lease.csv', new TextEncoder().encode(toCsv(timesheetRows(workers, weekStart, 1))));
  const { id } = await startImport(bed.user, {
    kind: 'TIMESHEETS',
    payFrequency: 'WEEKLY',
    ...parsed,
    mapping: suggestMapping('TIMESHEETS', parsed.header),
  });
  await stopJobEngine(); // the queued job is not picked up here: the test runs the two runs itself

  // Nxsys stores each create at once but answers it late, so A's first creates have reached Nxsys, unanswered, when
  // its lease lapses. (Waiting for an item's SENDING state is not enough: a claimed item may not have left yet, and
  // then B rightly sends it itself.)
  bed.sb.control.setFaults({ answerLatencyMs: 4000, method: 'POST', pathPrefix: '/nxsys/time-sheets' });
  const stored = () => bed.sb.store.company('COM-1').timesheets.filter((t) => t.startDate === weekStart);
  const runA = runImport(id);
  const reachedNxsys = new Set((await until(stored, (sheets) => sheets.length >= 1)).map((t) => t.candidateId));
  // A's lease lapses while A is alive and waiting for Nxsys; B takes the import over.
  await db.$executeRaw`UPDATE "ImportJob" SET "leaseUntil" = now() - interval '1 second' WHERE "id" = ${id}`;
  const leaseOf = async () => (await db.importJob.findUniqueOrThrow({ where: { id }, select: { leaseOwner: true } })).leaseOwner;
  const ownerA = await leaseOf();
  const runB = runImport(id);
  await until(leaseOf, (owner) => owner !== ownerA);
  const ownerB = await leaseOf();

  const [resultA, resultB] = await Promise.all([runA, runB]);

  const job = await db.importJob.findUniqueOrThrow({ where: { id } });
  expect(job).toMatchObject({ status: 'FINISHED', total: 6, created: 6, failed: 0, unknown: 0 });
  const sheets = stored();
  const perWorker = new Map<string, number>();
  for (const t of sheets) perWorker.set(t.candidateId, (perWorker.get(t.candidateId) ?? 0) + 1);
  expect([...perWorker.entries()].filter(([, n]) => n > 1)).toEqual([]);
  expect(new Set(sheets.map((t) => t.candidateId))).toEqual(new Set(workers.map((w) => w.id)));
  const items = await db.importItem.findMany({ where: { jobId: id } });
  expect(new Set(items.map((i) => i.nxsysId))).toEqual(new Set(sheets.map((t) => t.id)));
  // The items whose creates A had in flight at Nxsys were found by B's lookup (one attempt each), not sent again.
  const inFlight = items.filter((i) => reachedNxsys.has((i.payload as { body: { subcontractorRef: string } }).body.subcontractorRef));
  expect(inFlight).toHaveLength(reachedNxsys.size);
  for (const item of inFlight) expect(item).toMatchObject({ state: 'CREATED', attempts: 1 });
  // A's creates came back after B took over: A could not record them (nor claim more) and stepped aside.
  expect(resultA).toBe('busy');
  expect(resultB).toBe('finished');
  expect(ownerB).not.toBe(ownerA);
}, 120_000);
