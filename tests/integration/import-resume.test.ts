// A stopped import (connection lost) resumes by itself once the connection answers again, or by **Resume**;
// **Cancel** stops sending (what was created stays, and the report says so). Both are compare-and-set: two clicks
// at once act once. The "was it created?" look-up reads the whole list, however long.
import { beforeEach, expect, it } from 'vitest';
import { suggestMapping } from '@/lib/imports/schema';
import { cancelImport, importReport, resumeImport, resumeStalledImports, runImport, startImport } from '@/lib/imports/server';
import { timesheetSender } from '@/lib/imports/server/senders';
import { stopJobEngine } from '@/lib/server/jobs';
import { importTestbed, timesheetRows, toCsv } from '../helpers/imports';
import { until } from '../integrity/wait';

const bed = importTestbed({
  sandbox: { quiet: true },
  env: { NXSYS_TIMEOUT_MS: '3000', IMPORTS_LEASE_SECONDS: '30', IMPORTS_CONCURRENCY: '2' },
});
const { db } = bed;
const workers = () => bed.workers.slice(0, 6);
beforeEach(() => bed.sb.control.clearFaults());

async function newImport(weekStart: string, count = 4) {
  const parsed = await bed.upload(
    `${weekStart}.csv`,
    new TextEncoder().encode(toCsv(timesheetRows(workers().slice(0, count), weekStart, 1))),
  );
  const { id } = await startImport(bed.user, {
    kind: 'TIMESHEETS',
    payFrequency: 'WEEKLY',
    ...parsed,
    mapping: suggestMapping('TIMESHEETS', parsed.header),
  });
  await stopJobEngine(); // the runs are made here, by the test
  return id;
}
const sheetsOf = (weekStart: string) => bed.sb.store.company('COM-1').timesheets.filter((t) => t.startDate === weekStart);
const setConnection = (status: 'CONNECTED' | 'RECONNECT_REQUIRED') =>
  db.nxsysConnection.update({ where: { agencyId: bed.user.agency.id }, data: { status } });
const audits = (action: string, targetId: string) => db.auditEvent.count({ where: { action, targetId } });

/** An import stopped because the connection was lost before anything was sent. */
async function stoppedImport(weekStart: string) {
  const id = await newImport(weekStart);
  await setConnection('RECONNECT_REQUIRED');
  expect(await runImport(id)).toBe('finished');
  await setConnection('CONNECTED');
  const job = await db.importJob.findUniqueOrThrow({ where: { id } });
  expect(job.status).toBe('FAILED');
  expect(job.error).toContain('goes on by itself once the connection works again');
  return id;
}

it('a stopped import resumes by itself once the connection answers again, and creates each record once', async () => {
  const id = await newImport('2027-08-02');
  await setConnection('RECONNECT_REQUIRED');
  await runImport(id);
  expect(await db.importItem.count({ where: { jobId: id, state: 'PENDING' } })).toBe(4);
  // Still broken: not resumed (the sweep checks the connection first).
  await resumeStalledImports();
  expect((await db.importJob.findUniqueOrThrow({ where: { id } })).status).toBe('FAILED');
  await setConnection('CONNECTED');
  bed.sb.control.setFaults({ failRate: 1, failStatus: 503, method: 'GET', pathPrefix: '/nxsys/time-sheets' });
  await resumeStalledImports();
  expect((await db.importJob.findUniqueOrThrow({ where: { id } })).status).toBe('FAILED');

  bed.sb.control.clearFaults();
  await resumeStalledImports();
  expect((await db.importJob.findUniqueOrThrow({ where: { id } })).status).toBe('QUEUED');
  expect(await runImport(id)).toBe('finished');
  expect(await db.importJob.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'FINISHED', created: 4, error: null });
  expect(
    sheetsOf('2027-08-02')
      .map((t) => t.candidateId)
      .sort(),
  ).toEqual(
    bed.workers
      .slice(0, 4)
      .map((w) => w.id)
      .sort(),
  );
});

it('Resume twice at once queues it once; Cancel twice at once cancels once; neither sends anything twice', async () => {
  const id = await stoppedImport('2027-08-09');
  const resumed = await Promise.all([resumeImport(bed.user, id), resumeImport(bed.user, id)]);
  expect(resumed).toEqual([{ status: 'QUEUED' }, { status: 'QUEUED' }]);
  expect(await audits('import.resumed', id)).toBe(1);

  const cancelled = await Promise.all([cancelImport(bed.user, id), cancelImport(bed.user, id)]);
  expect(cancelled).toEqual([{ status: 'CANCELLED' }, { status: 'CANCELLED' }]);
  expect(await audits('import.cancelled', id)).toBe(1);
  expect(await runImport(id)).toBe('finished'); // winds it up: sends nothing
  const job = await db.importJob.findUniqueOrThrow({ where: { id } });
  expect(job).toMatchObject({ status: 'CANCELLED', created: 0 });
  expect(job.finishedAt).not.toBeNull();
  expect(job.error).toBe('Cancelled. 0 of 4 were created in Nxsys before the cancel and stay there; 4 were not sent.');
  expect(sheetsOf('2027-08-09')).toEqual([]);
  expect(await db.importItem.count({ where: { jobId: id, state: 'CANCELLED' } })).toBe(4);
  await expect(resumeImport(bed.user, id)).rejects.toMatchObject({ code: 'import_not_stopped' });
  expect(await runImport(id)).toBe('done-already');
});

it('Cancel mid-run: what was created stays, nothing more is sent, no row stays "Sending", the report says so', async () => {
  const weekStart = '2027-08-16';
  const id = await newImport(weekStart, 6);
  // Creates answer slowly: the cancel lands while 2 are in flight, well before the last ones are claimed.
  bed.sb.control.setFaults({ latencyMs: 1500, method: 'POST', pathPrefix: '/nxsys/time-sheets' });
  const run = runImport(id);
  await until(
    () => db.importItem.count({ where: { jobId: id, state: 'CREATED' } }),
    (n) => n >= 1,
  );
  expect(await cancelImport(bed.user, id)).toEqual({ status: 'CANCELLED' });
  expect(await run).toBe('finished');

  const job = await db.importJob.findUniqueOrThrow({ where: { id } });
  const items = await db.importItem.findMany({ where: { jobId: id } });
  const sheets = sheetsOf(weekStart);
  expect(job.status).toBe('CANCELLED');
  expect(items.filter((i) => i.state === 'SENDING' || i.state === 'PENDING')).toEqual([]);
  // Each created once, and every record in Nxsys is one the import knows.
  expect(new Set(sheets.map((t) => t.candidateId)).size).toBe(sheets.length);
  expect(new Set(items.filter((i) => i.state === 'CREATED').map((i) => i.nxsysId))).toEqual(new Set(sheets.map((t) => t.id)));
  expect(job.created).toBe(sheets.length);
  expect(sheets.length).toBeLessThan(6);
  expect(job.error).toContain(`${sheets.length} of 6 were created in Nxsys before the cancel and stay there`);
  const report = await (await importReport(bed.user, id)).text();
  expect(report).toContain('Not sent (cancelled)');
  expect(report).toContain('Created');
  await expect(cancelImport(bed.user, id)).resolves.toEqual({ status: 'CANCELLED' });
});

it('a create whose answer was lost is found however long the list (no page cap)', async () => {
  const worker = workers()[0]!;
  const rate = bed.sb.store.company('COM-1').paymentRates.find((r) => r.code === 'PR100')!;
  const body = {
    subcontractorRef: worker.id,
    startDate: '2027-08-23',
    endDate: '2027-08-29',
    taxYear: 2027,
    taxPeriodConfig: 21,
    rates: [{ rateId: rate.id, rate: '12.50', units: '30', vatID: rate.defaultVATCodeId }],
  };
  const since = new Date();
  // 2,100 timesheets of the same worker and week with other lines come first in the list (21 pages of 100).
  const decoy = await timesheetSender.send(bed.user, { ...body, rates: [{ ...body.rates[0]!, rate: '1.00' }] });
  const sheets = bed.sb.store.company('COM-1').timesheets;
  const template = sheets.find((t) => t.id === decoy)!;
  for (let i = 0; i < 2100; i++) sheets.push({ ...template, ...bed.sb.store.nextId('TS') });
  const created = await timesheetSender.send(bed.user, body);
  expect(await timesheetSender.find(bed.user, body, since, new Set())).toBe(created);
}, 60_000);
