// Issue 24, import preview/start and copy: one job per preview (parallel starts, a re-submit), the file's hash from
// the server's own copy of the bytes, records sent before left out unless ticked, the right person (an identifier
// two candidates share picks neither), identical lines not merged without a keep, totals per currency.
// Real PostgreSQL and the in-process sandbox; the job is run by its own code (runImport).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { copyToNextPeriod, importReport, importStatus, previewImport, runImport, startImport } from '@/lib/imports/server';
import { importTestbed, timesheetRows, toCsv, type Worker } from '../helpers/imports';

const bed = importTestbed({ env: { NXSYS_TIMEOUT_MS: '1000', IMPORTS_LEASE_SECONDS: '3' } });
const { db } = bed;

const bytesOf = (csv: string) => new TextEncoder().encode(csv);
const sheetsOf = (ids: string[], start: string) =>
  bed.sb.store.company('COM-1').timesheets.filter((t) => ids.includes(t.candidateId) && t.startDate === start);
const idsOf = (group: Worker[]) => group.map((w) => w.id);

describe('one job per preview', () => {
  it('two starts of one preview at once answer with one job; Nxsys holds one timesheet per worker', async () => {
    const group = bed.workers.slice(0, 5);
    const request = await bed.requestFor(toCsv(timesheetRows(group, '2027-04-05')));
    const [a, b] = await Promise.all([startImport(bed.user, request), startImport(bed.user, request)]);
    expect(a.id).toBe(b.id);
    // A re-submit later (after the warning, another tab): still that job.
    expect((await startImport(bed.user, request)).id).toBe(a.id);
    expect(await db.importJob.count({ where: { agencyId: bed.user.agency.id, startKey: `upload:${request.uploadId}` } })).toBe(1);
    await runImport(a.id);
    expect(await importStatus(bed.user, a.id)).toMatchObject({ status: 'FINISHED', total: 5, created: 5 });
    expect(sheetsOf(idsOf(group), '2027-04-05')).toHaveLength(5);
  });

  it('the same file uploaded again: what was sent is listed and left out; sent again only when ticked', async () => {
    const group = bed.workers.slice(5, 9);
    const csv = toCsv(timesheetRows(group, '2027-04-12'));
    const first = await startImport(bed.user, await bed.requestFor(csv));
    await runImport(first.id);

    const again = await bed.requestFor(csv);
    const preview = await previewImport(bed.user, again);
    expect(preview.sameFile?.importId).toBe(first.id);
    expect(preview.alreadyImportedCount).toBe(4);
    expect(preview.timesheets.every((t) => t.skipped && t.sentBefore?.importId === first.id && t.sentBefore.nxsysId)).toBe(true);
    expect(preview.totals).toEqual([]); // nothing to send, nothing totalled
    await expect(startImport(bed.user, again)).rejects.toMatchObject({ code: 'import_rows_invalid' });

    // One ticked: only that one is sent (a new preview with the tick), the others are reported as not sent.
    const ticked = await bed.requestFor(csv);
    ticked.resend = [preview.timesheets[0]!.key];
    const tickedPreview = await previewImport(bed.user, ticked);
    expect(tickedPreview.timesheets.filter((t) => !t.skipped).map((t) => t.key)).toEqual([preview.timesheets[0]!.key]);
    const second = await startImport(bed.user, ticked);
    await runImport(second.id);
    expect(await importStatus(bed.user, second.id)).toMatchObject({ total: 1, created: 1 });
    expect(sheetsOf([group[0]!.id], '2027-04-12')).toHaveLength(2); // asked for, explicitly
    expect(sheetsOf(idsOf(group.slice(1)), '2027-04-12')).toHaveLength(3);
    const report = await (await importReport(bed.user, second.id)).text();
    expect(report.match(/,Not sent,,Already sent by an earlier import/g)).toHaveLength(3);
  });

  it('two different previews of the same records started at once: each record is sent once', async () => {
    const group = bed.workers.slice(9, 13);
    const csv = toCsv(timesheetRows(group, '2027-04-19'));
    const [one, two] = await Promise.all([bed.requestFor(csv, 'tab-1.csv'), bed.requestFor(csv, 'tab-2.csv')]);
    const results = await Promise.allSettled([startImport(bed.user, one), startImport(bed.user, two)]);
    const started = results.filter((r) => r.status === 'fulfilled');
    expect(started).toHaveLength(1); // the other found every record already on its way
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'import_rows_invalid' } });
    await runImport((started[0] as PromiseFulfilledResult<{ id: string }>).value.id);
    expect(sheetsOf(idsOf(group), '2027-04-19')).toHaveLength(4);
  });

  it('copy to next period confirmed twice at once: one job, one copy per timesheet', async () => {
    const group = bed.workers.slice(13, 16);
    const source = await startImport(bed.user, await bed.requestFor(toCsv(timesheetRows(group, '2027-04-26')), 'source.csv'));
    await runImport(source.id);
    const ids = (await importStatus(bed.user, source.id)).items.map((i) => i.nxsysId!);
    const [a, b] = await Promise.all([
      copyToNextPeriod(bed.user, { ids, confirm: true }),
      copyToNextPeriod(bed.user, { ids: [...ids].reverse(), confirm: true }),
    ]);
    expect(a.id).toBeTruthy();
    expect(a.id).toBe(b.id);
    await runImport(a.id!);
    expect(sheetsOf(idsOf(group), '2027-05-03')).toHaveLength(3);
    // The same selection later: the same job, nothing sent again.
    expect((await copyToNextPeriod(bed.user, { ids, confirm: true })).id).toBe(a.id);
    expect(sheetsOf(idsOf(group), '2027-05-03')).toHaveLength(3);
    // Previewed again, every copy is listed as made and left out; one ticked is sent again, on purpose, once.
    const { preview } = await copyToNextPeriod(bed.user, { ids });
    expect(preview.timesheets.every((t) => t.skipped && t.sentBefore?.importId === a.id)).toBe(true);
    expect(preview.totals).toEqual([]);
    const resend = [preview.timesheets[0]!.key];
    const [c, d] = await Promise.all([
      copyToNextPeriod(bed.user, { ids, confirm: true, resend }),
      copyToNextPeriod(bed.user, { ids, confirm: true, resend }),
    ]);
    expect(c.id).toBe(d.id);
    expect(c.id).not.toBe(a.id);
    await runImport(c.id!);
    expect(await importStatus(bed.user, c.id!)).toMatchObject({ total: 1, created: 1 });
    expect(sheetsOf(idsOf(group), '2027-05-03')).toHaveLength(4);
  });
});

describe('the file hash is the server’s', () => {
  it('is computed from the uploaded bytes; a hash the browser sends is ignored', async () => {
    const group = bed.workers.slice(16, 18);
    const csv = toCsv(timesheetRows(group, '2027-05-10'));
    const request = await bed.requestFor(csv);
    expect(request).not.toHaveProperty('fileHash'); // the browser is never given one to echo
    const forged = 'f'.repeat(64);
    const { id } = await startImport(bed.user, { ...request, fileHash: forged, fileName: 'forged.csv', header: ['X'] });
    const job = await db.importJob.findUniqueOrThrow({ where: { id } });
    expect(job.fileHash).toBe(createHash('sha256').update(bytesOf(csv)).digest('hex'));
    expect(job.fileName).toBe('week.csv');
    // The same bytes again are recognised, whatever the browser claims.
    const again = await previewImport(bed.user, { ...(await bed.requestFor(csv)), fileHash: forged });
    expect(again.sameFile?.importId).toBe(id);
    // An upload of another agency, or none: refused.
    await expect(previewImport(bed.user, { ...request, uploadId: 'nope' })).rejects.toMatchObject({ code: 'import_upload_expired' });
  });
});

describe('the right person', () => {
  it('an NI number two candidates hold picks neither: the row names both and asks for the SR id; nothing is sent', async () => {
    const held = bed.workers[20]!;
    const twin = bed.sb.control.addLegacyCandidate({
      companyId: 'COM-1',
      country: 'UK',
      generalSetting: { forename: 'Tobias', surname: 'Twin', NINumber: held.nino, email: 'tobias.twin@example.com' },
    });
    const rows = timesheetRows([held, bed.workers[21]!], '2027-05-17');
    rows[0]![0] = held.nino; // by NI number, with the first holder's name
    const request = await bed.requestFor(toCsv(rows));
    const preview = await previewImport(bed.user, request);
    expect(preview.problems.map((p) => p.rowNumber)).toEqual([2]);
    const message = preview.problems[0]!.errors.employeeId!;
    expect(message).toContain(`${held.forename} ${held.surname} (${held.id})`);
    expect(message).toContain(`Tobias Twin (${twin})`);
    expect(message).toContain('SR id');
    await expect(startImport(bed.user, request)).rejects.toMatchObject({ code: 'import_rows_invalid' });
    expect(sheetsOf([held.id, twin, bed.workers[21]!.id], '2027-05-17')).toHaveLength(0);

    // Given the SR id, the row is that candidate's.
    request.rows[0]!.cells[0] = held.id;
    expect((await previewImport(bed.user, request)).problems).toEqual([]);
  });

  it('a name two candidates share picks neither, and says who they are', async () => {
    const namesake = bed.workers[22]!;
    const other = bed.sb.control.addLegacyCandidate({
      companyId: 'COM-1',
      country: 'UK',
      generalSetting: { forename: namesake.forename, surname: namesake.surname, email: 'namesake@example.com' },
    });
    const rows = timesheetRows([namesake], '2027-05-17');
    rows[0]![0] = ''; // by name only
    const preview = await previewImport(bed.user, await bed.requestFor(toCsv(rows)));
    const message = preview.problems[0]!.errors.employeeId!;
    expect(message).toContain(`(${namesake.id})`);
    expect(message).toContain(`(${other})`);
  });
});

describe('identical lines', () => {
  it('are flagged and left out (not merged into one timesheet at three times the pay) unless kept', async () => {
    const [a, b] = [bed.workers[30]!, bed.workers[31]!];
    const [line] = timesheetRows([a], '2027-05-24');
    const [other] = timesheetRows([b], '2027-05-24', 2);
    const rows = [line!, [...line!], [...line!], other!];
    const request = await bed.requestFor(toCsv(rows));
    const preview = await previewImport(bed.user, request);
    expect(preview.problems).toEqual([]);
    expect(preview.duplicates.map((d) => [d.rowNumber, d.sameAs, d.kept])).toEqual([
      [3, 2, false],
      [4, 2, false],
    ]);
    const sheet = preview.timesheets.find((t) => t.candidateId === a.id)!;
    expect(sheet.lines.map((l) => l.rowNumber)).toEqual([2]);
    expect(sheet.net).toBe(sheet.lines[0]!.net); // paid once

    // One kept on purpose: two lines; the third stays out, and the report says why.
    const kept = await previewImport(bed.user, { ...request, keep: [3] });
    expect(kept.timesheets.find((t) => t.candidateId === a.id)!.lines.map((l) => l.rowNumber)).toEqual([2, 3]);
    const { id } = await startImport(bed.user, { ...request, keep: [3] });
    await runImport(id);
    const [created] = sheetsOf([a.id], '2027-05-24');
    expect(created!.lines).toHaveLength(2);
    const report = await (await importReport(bed.user, id)).text();
    expect(report).toContain('Not sent,,The same line as row 2');
  });
});

describe('one currency per total', () => {
  it('copy shows an Irish timesheet in euro, with its worker’s name, and never adds it into the pounds', async () => {
    const store = bed.sb.store.company('COM-1');
    const byId = new Map(store.candidates.map((c) => [c.id, c]));
    // A week of the seeded data with an Irish worker's timesheet and UK ones.
    const irish = store.timesheets.find((t) => byId.get(t.candidateId)?.country === 'IE')!;
    const uk = store.timesheets.filter((t) => t.startDate === irish.startDate && byId.get(t.candidateId)?.country === 'UK').slice(0, 2);
    expect(uk).toHaveLength(2);
    const ids = [irish.id, ...uk.map((t) => t.id)];
    // The seed may hold the next week's timesheets already (flagged, left out): ticked, so that all three are totalled.
    const keys = (await copyToNextPeriod(bed.user, { ids })).preview.timesheets.map((t) => t.key);
    const { preview } = await copyToNextPeriod(bed.user, { ids, resend: keys });
    expect(preview.timesheets.every((t) => !t.skipped)).toBe(true);
    const copyOf = (id: string) => preview.timesheets.find((t) => t.fromId === id)!;
    const ie = copyOf(irish.id);
    expect(ie.currency).toBe('EUR');
    const person = byId.get(irish.candidateId)!.generalSetting as { forename: string; surname: string };
    expect(ie.candidateName).toContain(person.surname);
    expect(uk.map((t) => copyOf(t.id).currency)).toEqual(['GBP', 'GBP']);
    const pence = (v: string) => Math.round(Number(v) * 100);
    const ukSum = uk.reduce((s, t) => s + pence(copyOf(t.id).total), 0);
    expect(preview.totals.map((t) => [t.currency, pence(t.total)])).toEqual([
      ['GBP', ukSum],
      ['EUR', pence(ie.total)],
    ]);
  });

  it('the import preview totals per currency, over what will be sent', async () => {
    const group = bed.workers.slice(40, 43);
    const preview = await previewImport(bed.user, await bed.requestFor(toCsv(timesheetRows(group, '2027-05-31'))));
    expect(preview.timesheets.every((t) => t.currency === 'GBP')).toBe(true);
    expect(preview.totals).toHaveLength(1);
    expect(preview.totals[0]).toMatchObject({ currency: 'GBP' });
    const sum = preview.timesheets.reduce((s, t) => s + Math.round(Number(t.total) * 100), 0);
    expect(Math.round(Number(preview.totals[0]!.total) * 100)).toBe(sum);
  });
});
