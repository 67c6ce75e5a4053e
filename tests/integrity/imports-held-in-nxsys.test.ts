// Issue 24, import and copy against what Nxsys already holds: a timesheet made another way (the single form or the
// API, or Nxsys's own UI) for the same candidate and an overlapping period is flagged in the preview, left out at the
// start (even when the preview was stale) and sent once only when ticked; Nxsys unreadable for that check leaves
// the row out and says so. Real PostgreSQL and the in-process sandbox; the job is run by its own code (runImport).
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { suggestMapping, type ImportRequest } from '@/lib/imports/schema';
import {
  copyToNextPeriod,
  importReport,
  importStatus,
  previewImport,
  runImport,
  startImport,
  uploadImportFile,
} from '@/lib/imports/server';
import { createTimesheet } from '@/lib/timesheets/server';
import { stopJobEngine } from '@/lib/server/jobs';
import { ukTaxPeriod } from '@/lib/tax-period';
import type { Sandbox } from '../../sandbox/server';
import type { Timesheet } from '../../sandbox/store';
import { testDb } from '../helpers/db';
import { sandboxWorkers, timesheetRows, toCsv, type Worker } from '../helpers/imports';
import { connectedAdmin, productEnv } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';

const db = testDb();
const envBefore = { ...process.env };
let sb: Sandbox;
let user: CurrentUser;
let workers: Worker[];

beforeAll(async () => {
  sb = await sandboxFor();
  const key = generateKeyringEntry('k1');
  Object.assign(process.env, productEnv(sb, key), { NXSYS_TIMEOUT_MS: '1000', IMPORTS_LEASE_SECONDS: '3' });
  const admin = await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb);
  user = { ...admin, role: 'ADMIN', name: 'Test', email: 'test@example.test' } as unknown as CurrentUser;
  workers = sandboxWorkers(sb.store);
});
afterEach(() => sb.control.clearFaults());
afterAll(async () => {
  await stopJobEngine({ graceful: false });
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

const company = () => sb.store.company('COM-1');
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const sheetsOf = (candidateId: string, start: string) =>
  company().timesheets.filter((t) => t.candidateId === candidateId && t.startDate === start);

async function requestFor(csv: string, fileName = 'week.csv'): Promise<ImportRequest> {
  const upload = await uploadImportFile(user, fileName, new TextEncoder().encode(csv));
  return { kind: 'TIMESHEETS', payFrequency: 'WEEKLY', ...upload, mapping: suggestMapping('TIMESHEETS', upload.header) };
}

/** A week's timesheet created through the single form's path (createTimesheet, with its idempotency key). */
async function formSheet(worker: Worker, start: string) {
  const period = ukTaxPeriod(start, 'WEEKLY')!;
  const rate = company().paymentRates[0]!;
  return createTimesheet(
    user,
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
    const [byForm, inNxsys, fresh] = [workers[50]!, workers[51]!, workers[52]!];
    const made = await formSheet(byForm, week);
    // Made in Nxsys, Wednesday to Tuesday (overlapping, not the same period), after 120 older sheets of the same
    // candidate: on the list's second page of 100.
    for (let i = 0; i < 120; i++)
      company().timesheets.push(nxsysSheet(inNxsys, `TS-97${String(i).padStart(4, '0')}`, '2025-01-06', '2025-01-12'));
    company().timesheets.push(nxsysSheet(inNxsys, 'TS-9600001', addDays(week, 2), addDays(week, 8)));

    const csv = toCsv(timesheetRows([byForm, inNxsys, fresh], week));
    const preview = await previewImport(user, await requestFor(csv));
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

    const { id } = await startImport(user, await requestFor(csv));
    await runImport(id);
    expect(await importStatus(user, id)).toMatchObject({ status: 'FINISHED', total: 1, created: 1 });
    expect(sheetsOf(byForm.id, week)).toHaveLength(1);
    expect(sheetsOf(inNxsys.id, week)).toHaveLength(0);
    expect(sheetsOf(fresh.id, week)).toHaveLength(1);
    const report = await (await importReport(user, id)).text();
    expect(report).toContain(`Not sent,,Nxsys already holds ${made.id} (${dmy(week)}–${dmy(addDays(week, 6))}): not sent`);
    expect(report).toContain(`Not sent,,Nxsys already holds TS-9600001 (${dmy(addDays(week, 2))}–${dmy(addDays(week, 8))}): not sent`);

    // Ticked "Send anyway" for the form's one: started twice at once, one job, sent once.
    const ticked = await requestFor(csv, 'ticked.csv');
    ticked.resend = [rowOf(byForm).key];
    const again = await previewImport(user, ticked);
    expect(again.timesheets.filter((t) => !t.skipped).map((t) => t.candidateId)).toEqual([byForm.id]);
    const [a, b] = await Promise.all([startImport(user, ticked), startImport(user, ticked)]);
    expect(a.id).toBe(b.id);
    await runImport(a.id);
    expect(await importStatus(user, a.id)).toMatchObject({ total: 1, created: 1 });
    expect(sheetsOf(byForm.id, week)).toHaveLength(2);
    expect(sheetsOf(inNxsys.id, week)).toHaveLength(0);
    expect(sheetsOf(fresh.id, week)).toHaveLength(1);
  });

  it('a stale preview: one the form made after the preview is still left out at the start', async () => {
    const week = '2027-07-12';
    const [late, other] = [workers[53]!, workers[54]!];
    const request = await requestFor(toCsv(timesheetRows([late, other], week)));
    expect((await previewImport(user, request)).timesheets.every((t) => !t.skipped)).toBe(true);
    const made = await formSheet(late, week);
    const { id } = await startImport(user, request);
    await runImport(id);
    expect(await importStatus(user, id)).toMatchObject({ total: 1, created: 1 });
    expect(sheetsOf(late.id, week).map((t) => t.id)).toEqual([made.id]);
    expect(sheetsOf(other.id, week)).toHaveLength(1);
  });

  it('Nxsys unreadable for the check: the row says so and is not sent unless ticked', async () => {
    const week = '2027-07-19';
    const group = [workers[55]!, workers[56]!];
    const request = await requestFor(toCsv(timesheetRows(group, week)));
    // Reading timesheets fails; candidates, codes and creates still work.
    sb.control.setFaults({ failRate: 1, method: 'GET', pathPrefix: '/nxsys/time-sheets' });
    const preview = await previewImport(user, request);
    expect(preview.problems).toEqual([]);
    expect(preview.timesheets.map((t) => [t.heldInNxsys, t.skipped])).toEqual([
      [null, true],
      [null, true],
    ]);
    expect(preview.totals).toEqual([]);
    await expect(startImport(user, request)).rejects.toMatchObject({ code: 'import_rows_invalid' });
    expect(group.flatMap((w) => sheetsOf(w.id, week))).toHaveLength(0);

    const ticked = await requestFor(toCsv(timesheetRows(group, week)), 'ticked.csv');
    ticked.resend = [preview.timesheets[0]!.key];
    const { id } = await startImport(user, ticked);
    sb.control.clearFaults();
    await runImport(id);
    expect(await importStatus(user, id)).toMatchObject({ total: 1, created: 1 });
    expect(sheetsOf(preview.timesheets[0]!.candidateId, week)).toHaveLength(1);
    expect(sheetsOf(preview.timesheets[1]!.candidateId, week)).toHaveLength(0);
  });
});

describe('copy to next period: timesheets Nxsys already holds', () => {
  it('flags the next period the form already filled; confirmed, sends 0 for it; ticked and confirmed twice at once, sent once', async () => {
    const week = '2027-08-02';
    const next = addDays(week, 7);
    const [filled, free] = [workers[57]!, workers[58]!];
    const sources = [await formSheet(filled, week), await formSheet(free, week)];
    const made = await formSheet(filled, next); // the next week, already made through the form

    const ids = sources.map((s) => s.id);
    const { preview } = await copyToNextPeriod(user, { ids });
    const copyOf = (w: Worker) => preview.timesheets.find((t) => t.candidateId === w.id)!;
    expect(copyOf(filled)).toMatchObject({ skipped: true, heldInNxsys: [{ id: made.id, startDate: next }] });
    expect(copyOf(free)).toMatchObject({ skipped: false, heldInNxsys: [] });
    expect(preview.totals.map((t) => pence(t.total))).toEqual([pence(copyOf(free).total)]);

    const { id } = await copyToNextPeriod(user, { ids, confirm: true });
    await runImport(id!);
    expect(await importStatus(user, id!)).toMatchObject({ total: 1, created: 1 });
    expect(sheetsOf(filled.id, next).map((t) => t.id)).toEqual([made.id]);
    expect(sheetsOf(free.id, next)).toHaveLength(1);

    const resend = [copyOf(filled).key];
    const [c, d] = await Promise.all([
      copyToNextPeriod(user, { ids, confirm: true, resend }),
      copyToNextPeriod(user, { ids, confirm: true, resend }),
    ]);
    expect(c.id).toBe(d.id);
    await runImport(c.id!);
    expect(await importStatus(user, c.id!)).toMatchObject({ total: 1, created: 1 });
    expect(sheetsOf(filled.id, next)).toHaveLength(2);
    expect(sheetsOf(free.id, next)).toHaveLength(1);
  });
});
