// Issue 24, import and copy against what Nxsys already holds: a timesheet made another way (the single form or the
// API, or Nxsys's own UI) for the same candidate and an overlapping period is flagged in the preview, left out at the
// start (even when the preview was stale) and sent once only when ticked; Nxsys unreadable for that check leaves
// the row out and says so. Real PostgreSQL and the in-process sandbox; the job is run by its own code (runImport).
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { copyToNextPeriod, importReport, importStatus, previewImport, runImport, startImport } from '@/lib/imports/server';
import { createTimesheet } from '@/lib/timesheets/server';
import { ukTaxPeriod } from '@/lib/tax-period';
import type { Timesheet } from '../../sandbox/store';
import { importTestbed, timesheetRows, toCsv, type Worker } from '../helpers/imports';

const bed = importTestbed({ env: { NXSYS_TIMEOUT_MS: '1000', IMPORTS_LEASE_SECONDS: '3' } });
afterEach(() => bed.sb.control.clearFaults());

const company = () => bed.sb.store.company('COM-1');
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const sheetsOf = (candidateId: string, start: string) =>
  company().timesheets.filter((t) => t.candidateId === candidateId && t.startDate === start);

/** A week's timesheet created through the single form's path (createTimesheet, with its idempotency key). */
async function formSheet(worker: Worker, start: string) {
  const period = ukTaxPeriod(start, 'WEEKLY')!;
  const rate = company().paymentRates[0]!;
  return createTimesheet(
    bed.user,
    {
      subcontractorRef: worker.id,
      startDate: start,
      endDate: addDays(start, 6),
      taxYear: period.taxYear,
      taxPeriodConfig: period.period,
      rates: [{ rateId: rate.id, rate: '12.50', units: '37.5', vatID: 'VC-2' }],
    },
    randomUUID(),
  );
}

/** A timesheet as Nxsys holds it when made in Nxsys's own UI (or another tool): the portal has no record of it. */
function nxsysSheet(worker: Worker, id: string, startDate: string, endDate: string): Timesheet {
  const now = new Date().toISOString();
  const period = ukTaxPeriod(startDate, 'WEEKLY')!.period;
  return {
    id,
    incrementId: Number(id.slice(3)),
    candidateId: worker.id,
    assignmentRef: null,
    startDate,
    endDate,
    taxYear: 2027,
    taxPeriod: period,
    taxPeriodConfig: period,
    monthConfig: null,
    payFrequency: 'WEEKLY',
    paymentModel: 'PAYEE',
    approveStatus: 'PENDING_AGENCY_APPROVAL',
    invoiceStatus: 'AWAITING_INVOICING',
    lines: [{ rateId: company().paymentRates[0]!.id, rate: '12.50', units: '8', vatID: 'VC-2', netPence: 10000, vatPence: 2000 }],
    createdAt: now,
    updatedAt: now,
  };
}

const pence = (v: string) => Math.round(Number(v) * 100);

describe('import: timesheets Nxsys already holds', () => {
  it('flags one the form made and one made in Nxsys (on a later page); start sends neither; ticked, sent once', async () => {
    const week = '2027-07-05';
    const [byForm, inNxsys, fresh] = [bed.workers[50]!, bed.workers[51]!, bed.workers[52]!];
    const made = await formSheet(byForm, week);
    // Made in Nxsys, Wednesday to Tuesday (overlapping, not the same period), after 120 older sheets of the same
    // candidate: on the list's second page of 100.
    for (let i = 0; i < 120; i++)
      company().timesheets.push(nxsysSheet(inNxsys, `TS-97${String(i).padStart(4, '0')}`, '2025-01-06', '2025-01-12'));
    company().timesheets.push(nxsysSheet(inNxsys, 'TS-9600001', addDays(week, 2), addDays(week, 8)));

    const csv = toCsv(timesheetRows([byForm, inNxsys, fresh], week));
    const preview = await previewImport(bed.user, await bed.requestFor(csv));
    expect(preview.problems).toEqual([]);
    const rowOf = (w: Worker) => preview.timesheets.find((t) => t.candidateId === w.id)!;
    expect(rowOf(byForm)).toMatchObject({
      skipped: true,
      sentBefore: null,
      heldInNxsys: [{ id: made.id, startDate: week, endDate: addDays(week, 6) }],
    });
    expect(rowOf(inNxsys)).toMatchObject({ skipped: true, heldInNxsys: [{ id: 'TS-9600001', startDate: addDays(week, 2) }] });
    expect(rowOf(fresh)).toMatchObject({ skipped: false, heldInNxsys: [] });
    // The totals are over what will be sent: the fresh worker's sheet only.
    expect(preview.totals.map((t) => [t.currency, pence(t.total)])).toEqual([['GBP', pence(rowOf(fresh).total)]]);

    const { id } = await startImport(bed.user, await bed.requestFor(csv));
    await runImport(id);
    expect(await importStatus(bed.user, id)).toMatchObject({ status: 'FINISHED', total: 1, created: 1 });
    expect(sheetsOf(byForm.id, week)).toHaveLength(1);
    expect(sheetsOf(inNxsys.id, week)).toHaveLength(0);
    expect(sheetsOf(fresh.id, week)).toHaveLength(1);
    const report = await (await importReport(bed.user, id)).text();
    expect(report).toContain(`Not sent,,Nxsys already holds ${made.id} (${dmy(week)}–${dmy(addDays(week, 6))}): not sent`);
    expect(report).toContain(`Not sent,,Nxsys already holds TS-9600001 (${dmy(addDays(week, 2))}–${dmy(addDays(week, 8))}): not sent`);

    // Ticked "Send anyway" for the form's one: started twice at once, one job, sent once.
    const ticked = await bed.requestFor(csv, 'ticked.csv');
    ticked.resend = [rowOf(byForm).key];
    const again = await previewImport(bed.user, ticked);
    expect(again.timesheets.filter((t) => !t.skipped).map((t) => t.candidateId)).toEqual([byForm.id]);
    const [a, b] = await Promise.all([startImport(bed.user, ticked), startImport(bed.user, ticked)]);
    expect(a.id).toBe(b.id);
    await runImport(a.id);
    expect(await importStatus(bed.user, a.id)).toMatchObject({ total: 1, created: 1 });
    expect(sheetsOf(byForm.id, week)).toHaveLength(2);
    expect(sheetsOf(inNxsys.id, week)).toHaveLength(0);
    expect(sheetsOf(fresh.id, week)).toHaveLength(1);
  });

  it('a stale preview: one the form made after the preview is still left out at the start', async () => {
    const week = '2027-07-12';
    const [late, other] = [bed.workers[53]!, bed.workers[54]!];
    const request = await bed.requestFor(toCsv(timesheetRows([late, other], week)));
    expect((await previewImport(bed.user, request)).timesheets.every((t) => !t.skipped)).toBe(true);
    const made = await formSheet(late, week);
    const { id } = await startImport(bed.user, request);
    await runImport(id);
    expect(await importStatus(bed.user, id)).toMatchObject({ total: 1, created: 1 });
    expect(sheetsOf(late.id, week).map((t) => t.id)).toEqual([made.id]);
    expect(sheetsOf(other.id, week)).toHaveLength(1);
  });

  it('Nxsys unreadable for the check: the row says so and is not sent unless ticked', async () => {
    const week = '2027-07-19';
    const group = [bed.workers[55]!, bed.workers[56]!];
    const request = await bed.requestFor(toCsv(timesheetRows(group, week)));
    // Reading timesheets fails; candidates, codes and creates still work.
    bed.sb.control.setFaults({ failRate: 1, method: 'GET', pathPrefix: '/nxsys/time-sheets' });
    const preview = await previewImport(bed.user, request);
    expect(preview.problems).toEqual([]);
    expect(preview.timesheets.map((t) => [t.heldInNxsys, t.skipped])).toEqual([
      [null, true],
      [null, true],
    ]);
    expect(preview.totals).toEqual([]);
    await expect(startImport(bed.user, request)).rejects.toMatchObject({ code: 'import_rows_invalid' });
    expect(group.flatMap((w) => sheetsOf(w.id, week))).toHaveLength(0);

    const ticked = await bed.requestFor(toCsv(timesheetRows(group, week)), 'ticked.csv');
    ticked.resend = [preview.timesheets[0]!.key];
    const { id } = await startImport(bed.user, ticked);
    bed.sb.control.clearFaults();
    await runImport(id);
    expect(await importStatus(bed.user, id)).toMatchObject({ total: 1, created: 1 });
    expect(sheetsOf(preview.timesheets[0]!.candidateId, week)).toHaveLength(1);
    expect(sheetsOf(preview.timesheets[1]!.candidateId, week)).toHaveLength(0);
  });
});

describe('copy to next period: timesheets Nxsys already holds', () => {
  it('flags the next period the form already filled; confirmed, sends 0 for it; ticked and confirmed twice at once, sent once', async () => {
    const week = '2027-08-02';
    const next = addDays(week, 7);
    const [filled, free] = [bed.workers[57]!, bed.workers[58]!];
    const sources = [await formSheet(filled, week), await formSheet(free, week)];
    const made = await formSheet(filled, next); // the next week, already made through the form

    const ids = sources.map((s) => s.id);
    const { preview } = await copyToNextPeriod(bed.user, { ids });
    const copyOf = (w: Worker) => preview.timesheets.find((t) => t.candidateId === w.id)!;
    expect(copyOf(filled)).toMatchObject({ skipped: true, heldInNxsys: [{ id: made.id, startDate: next }] });
    expect(copyOf(free)).toMatchObject({ skipped: false, heldInNxsys: [] });
    expect(preview.totals.map((t) => pence(t.total))).toEqual([pence(copyOf(free).total)]);

    const { id } = await copyToNextPeriod(bed.user, { ids, confirm: true });
    await runImport(id!);
    expect(await importStatus(bed.user, id!)).toMatchObject({ total: 1, created: 1 });
    expect(sheetsOf(filled.id, next).map((t) => t.id)).toEqual([made.id]);
    expect(sheetsOf(free.id, next)).toHaveLength(1);

    const resend = [copyOf(filled).key];
    const [c, d] = await Promise.all([
      copyToNextPeriod(bed.user, { ids, confirm: true, resend }),
      copyToNextPeriod(bed.user, { ids, confirm: true, resend }),
    ]);
    expect(c.id).toBe(d.id);
    await runImport(c.id!);
    expect(await importStatus(bed.user, c.id!)).toMatchObject({ total: 1, created: 1 });
    expect(sheetsOf(filled.id, next)).toHaveLength(2);
    expect(sheetsOf(free.id, next)).toHaveLength(1);
  });
});
