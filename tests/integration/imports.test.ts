// The import pipeline on real PostgreSQL and the in-process sandbox: a file parsed, previewed (per-cell problems,
// grouping, totals, already-imported warnings), started and run by the job's own code; back-off on 429/5xx; a
// create that timed out is looked up in Nxsys and never sent twice; bad files refused with a clear message.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import ExcelJS from 'exceljs';
import { CANDIDATE_COLUMNS, suggestMapping, type ImportRequest } from '@/lib/imports/schema';
import { copyToNextPeriod, importReport, importStatus, parseUpload, previewImport, runImport, startImport } from '@/lib/imports/server';
import { importTestbed, sandboxWorkers, timesheetRows, toCsv } from '../helpers/imports';

const bed = importTestbed({ env: { NXSYS_TIMEOUT_MS: '400', IMPORTS_LEASE_SECONDS: '3' } });
const { db } = bed;

const sheetsOf = (ids: string[], start: string) =>
  bed.sb.store.company('COM-1').timesheets.filter((t) => ids.includes(t.candidateId) && t.startDate === start);

beforeEach(() => bed.sb.control.clearFaults());

describe('timesheet import', () => {
  it('previews per-cell problems, groups lines per worker and period, then creates each timesheet once', async () => {
    const group = bed.workers.slice(0, 12);
    const rows = timesheetRows(group, '2027-01-04', 2);
    rows[3]![6] = 'NOPE'; // unknown payment code
    rows[5]![3] = '12'; // wrong tax period for the date
    rows[10]![0] = group[4]!.id; // another worker's id beside worker 5's name
    const request = await bed.requestFor(toCsv(rows));
    const preview = await previewImport(bed.user, request);
    expect(preview.problems.map((p) => [p.rowNumber, Object.keys(p.errors)])).toEqual([
      [5, ['paymentCode']],
      [7, ['taxPeriod']],
      [12, ['forename']],
    ]);
    expect(preview.problems[0]!.errors.paymentCode).toContain('NOPE does not exist');
    expect(preview.problems[1]!.errors.taxPeriod).toBe(`04/01/2027 is in tax week ${rows[0]![3]}, not 12`);
    expect(preview.problems[2]!.errors.forename).toBe(
      `${group[4]!.id} is ${group[4]!.forename} ${group[4]!.surname} in Nxsys, not ${group[5]!.forename} ${group[5]!.surname}`,
    );
    await expect(startImport(bed.user, request)).rejects.toMatchObject({ code: 'import_rows_invalid' });

    // Fixed in the preview: the rows are sent again as corrected.
    request.rows[3]!.cells[6] = 'PR101';
    request.rows[5]!.cells[3] = rows[0]![3]!;
    request.rows[10]!.cells[0] = group[5]!.id;
    const fixed = await previewImport(bed.user, request);
    expect(fixed.problems).toEqual([]);
    expect(fixed.timesheets).toHaveLength(12);
    expect(fixed.timesheets[0]!.lines).toHaveLength(2);
    // 30 h × £12.50 + 1 × £100 = £475 net, VAT at the rate's default code.
    expect(fixed.timesheets[0]!.net).toBe('475.00');

    const { id } = await startImport(bed.user, request);
    expect(await runImport(id)).toBe('finished');
    const status = await importStatus(bed.user, id);
    expect(status).toMatchObject({ status: 'FINISHED', total: 12, created: 12, failed: 0, unknown: 0 });
    // The person who started it is told by e-mail, once.
    const told = await db.mailOutbox.findMany({ where: { userId: bed.user.id, kind: 'import_finished', id: { contains: id } } });
    expect(told.map((m) => m.subject)).toEqual(['Your import has finished']);
    const sheets = sheetsOf(
      group.map((w) => w.id),
      '2027-01-04',
    );
    expect(sheets).toHaveLength(12);
    expect(new Set(status.items.map((i) => i.nxsysId))).toEqual(new Set(sheets.map((s) => s.id)));
    expect(
      await db.auditEvent.count({ where: { agencyId: bed.user.agency.id, action: { in: ['import.started', 'import.finished'] } } }),
    ).toBe(2);

    // The report: every original row with its result.
    const report = await (await importReport(bed.user, id)).text();
    const lines = report.trim().split('\r\n');
    expect(lines).toHaveLength(1 + rows.length);
    expect(lines[0]).toContain('Result,Nxsys ID,Error');
    expect(lines[1]).toMatch(/,Created,TS-\d+,$/);

    // Uploading the same file again: warned, each timesheet flagged as already imported.
    const again = await previewImport(bed.user, await bed.requestFor(toCsv(rows)));
    expect(again.sameFile?.importId).toBe(id); // the file, by its content (its rows were corrected before the import)
    const same = await previewImport(bed.user, request);
    expect(same.alreadyImportedCount).toBe(12);
    expect(same.timesheets.every((t) => t.alreadyImported)).toBe(true);
  });

  it('backs off on 429 and 5xx and still creates everything exactly once', async () => {
    const group = bed.workers.slice(12, 20);
    const request = await bed.requestFor(toCsv(timesheetRows(group, '2027-01-11')));
    const { id } = await startImport(bed.user, request);
    bed.sb.control.setFaults({ rateLimitNext: 1, retryAfterSeconds: 3, method: 'POST', pathPrefix: '/nxsys/time-sheets' });
    const started = Date.now();
    await runImport(id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900); // every sender waited for Retry-After
    bed.sb.control.clearFaults();
    bed.sb.control.setFaults({ failNext: 2, failStatus: 503, method: 'POST', pathPrefix: '/nxsys/time-sheets' });
    const second = await startImport(bed.user, await bed.requestFor(toCsv(timesheetRows(bed.workers.slice(20, 26), '2027-01-11'))));
    await runImport(second.id);
    bed.sb.control.clearFaults();
    expect(await importStatus(bed.user, id)).toMatchObject({ status: 'FINISHED', created: 8, failed: 0 });
    expect(await importStatus(bed.user, second.id)).toMatchObject({ status: 'FINISHED', created: 6, failed: 0 });
    expect(
      sheetsOf(
        bed.workers.slice(12, 26).map((w) => w.id),
        '2027-01-11',
      ),
    ).toHaveLength(14);
  });

  it('a create that timed out (Nxsys saved it) is found by lookup, not sent again', async () => {
    const group = bed.workers.slice(30, 36);
    const request = await bed.requestFor(toCsv(timesheetRows(group, '2027-01-18')));
    const { id } = await startImport(bed.user, request);
    // For a moment creates are answered later than the portal's timeout (400 ms): they happen at once, their answers
    // are lost. (Acted on first, answered late: a create delayed before it acts could land after the portal's lookup
    // on a busy machine, and be sent again.) The moment ends when Nxsys has saved the first of them (an event, not a
    // time: a busy machine must not end it before any create was sent).
    bed.sb.control.setFaults({ answerLatencyMs: 700, method: 'POST', pathPrefix: '/nxsys/time-sheets' });
    const run = runImport(id);
    const saved = () =>
      sheetsOf(
        group.map((w) => w.id),
        '2027-01-18',
      ).length;
    await vi.waitFor(() => expect(saved()).toBeGreaterThan(0), { timeout: 30_000, interval: 20 });
    bed.sb.control.clearFaults();
    await run;
    const status = await importStatus(bed.user, id);
    expect(status).toMatchObject({ status: 'FINISHED', created: 6, failed: 0, unknown: 0 });
    const sheets = sheetsOf(
      group.map((w) => w.id),
      '2027-01-18',
    );
    expect(sheets).toHaveLength(6); // 0 duplicates
    expect(new Set(status.items.map((i) => i.nxsysId))).toEqual(new Set(sheets.map((s) => s.id)));
  });

  it('two runs of one import at once (two instances): one sends, the other steps aside', async () => {
    const group = bed.workers.slice(60, 66);
    const { id } = await startImport(bed.user, await bed.requestFor(toCsv(timesheetRows(group, '2027-02-15'))));
    const results = await Promise.all([runImport(id), runImport(id)]);
    expect(results.sort()).toEqual(['busy', 'finished']);
    expect(await runImport(id)).toBe('done-already');
    expect(
      sheetsOf(
        group.map((w) => w.id),
        '2027-02-15',
      ),
    ).toHaveLength(6);
  });

  it('a rejected record fails with Nxsys’s reason and the rest go on', async () => {
    const group = bed.workers.slice(40, 44);
    const request = await bed.requestFor(toCsv(timesheetRows(group, '2027-01-25')));
    const { id } = await startImport(bed.user, request);
    bed.sb.control.setFaults({ failNext: 1, failStatus: 422, method: 'POST', pathPrefix: '/nxsys/time-sheets' });
    await runImport(id);
    bed.sb.control.clearFaults();
    const status = await importStatus(bed.user, id);
    expect(status).toMatchObject({ status: 'FINISHED', created: 3, failed: 1 });
    expect(status.items.find((i) => i.state === 'FAILED')!.error).toBeTruthy();
    const report = await (await importReport(bed.user, id)).text();
    expect(report).toContain(',Failed,,');
  });
});

describe('copy to next period', () => {
  it('previews copies one period later (dates, tax period, lines), sends them through the job, and flags a second copy', async () => {
    const group = bed.workers.slice(50, 53);
    const { id: source } = await startImport(bed.user, await bed.requestFor(toCsv(timesheetRows(group, '2027-02-01', 2)), 'source.csv'));
    await runImport(source);
    const ids = (await importStatus(bed.user, source)).items.map((i) => i.nxsysId!);
    const foreign = bed.sb.store.company('COM-2').timesheets[0]!.id; // another company's: Nxsys does not show it to us

    const { preview } = await copyToNextPeriod(bed.user, { ids: [...ids, foreign] });
    expect(preview.skipped.map((s) => s.id)).toEqual([foreign]);
    expect(preview.timesheets.map((t) => [t.fromId, t.startDate, t.endDate, t.taxPeriod])).toEqual(
      ids.map((id) => [id, '2027-02-08', '2027-02-14', 45]),
    );
    expect(preview.timesheets[0]!.lines).toHaveLength(2);

    const { id } = await copyToNextPeriod(bed.user, { ids, confirm: true });
    await runImport(id!);
    expect(await importStatus(bed.user, id!)).toMatchObject({ status: 'FINISHED', created: 3 });
    const copies = sheetsOf(
      group.map((w) => w.id),
      '2027-02-08',
    );
    expect(copies).toHaveLength(3);
    const original = bed.sb.store.company('COM-1').timesheets.find((t) => t.id === ids[0])!;
    const copy = copies.find((t) => t.candidateId === original.candidateId)!;
    expect(copy.lines.map((l) => [l.rateId, l.rate, l.units])).toEqual(original.lines.map((l) => [l.rateId, l.rate, l.units]));

    const again = await copyToNextPeriod(bed.user, { ids });
    expect(again.preview.alreadyImportedCount).toBe(3);
  });
});

describe('candidate import', () => {
  const header = CANDIDATE_COLUMNS.map((c) => c.header);
  const row = (values: Record<string, string>) => CANDIDATE_COLUMNS.map((c) => values[c.field] ?? '');
  const base = {
    forename: 'Imogen',
    surname: 'Import',
    DOB: '15/05/1990',
    NINumber: 'JK123456C',
    email: 'imogen.import@example.com',
    mobile: '07700 900123',
    address1: '1 High Street',
    city: 'London',
    postCode: 'SW1A 1AA',
    sortCode: '12-34-56',
    accountNumber: '12345678',
    accountName: 'Imogen Import',
    bankName: 'Barclays',
    payFrequency: 'Weekly',
    paymentModel: 'Umbrella',
  };

  it('checks rows with the onboarding form’s rules, refuses existing candidates, and creates the rest', async () => {
    const existing = sandboxWorkers(bed.sb.store)[0]!;
    const existingEmail = String(bed.sb.store.company('COM-1').candidates.find((c) => c.id === existing.id)!.generalSetting.email);
    const rows = [
      row(base),
      row({ ...base, forename: 'Ivo', email: 'ivo.import@example.com', NINumber: 'QQ12345' }), // NI number invalid
      row({ ...base, forename: 'Ines', email: existingEmail, NINumber: 'JK123457C' }), // already in Nxsys
      row({ ...base, forename: 'Isla', email: 'isla.import@example.com', NINumber: 'JK123458C', postCode: 'NOT A CODE' }),
      row({ ...base, forename: 'Ian', email: 'ian.import@example.com', NINumber: 'JK123459C' }),
    ];
    const csv = [header, ...rows].map((r) => r.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')).join('\r\n');
    const parsed = await bed.upload('people.csv', new TextEncoder().encode(csv));
    const request: ImportRequest = { kind: 'CANDIDATES', ...parsed, mapping: suggestMapping('CANDIDATES', parsed.header) };
    const preview = await previewImport(bed.user, request);
    expect(preview.problems.map((p) => [p.rowNumber, Object.keys(p.errors)])).toEqual([
      [3, ['NINumber']],
      [4, ['email']],
      [5, ['postCode']],
    ]);
    expect(preview.candidates.map((c) => c.name)).toEqual(['Imogen Import', 'Ian Import']);

    request.rows = request.rows.filter((r) => ![3, 4, 5].includes(r.rowNumber)); // dropped from the file
    const { id } = await startImport(bed.user, request);
    await runImport(id);
    const status = await importStatus(bed.user, id);
    expect(status).toMatchObject({ status: 'FINISHED', created: 2, failed: 0 });
    const created = bed.sb.store.company('COM-1').candidates.filter((c) => String(c.generalSetting.surname) === 'Import');
    expect(created.map((c) => String(c.generalSetting.email)).sort()).toEqual(['ian.import@example.com', 'imogen.import@example.com']);
    expect(new Set(status.items.map((i) => i.nxsysId))).toEqual(new Set(created.map((c) => c.id)));
    // Nothing the file did not say is sent (no title, gender, marital status or pension), and the bank's name is its own.
    for (const c of created) {
      for (const key of ['title', 'gender', 'maritalStatus', 'nationality', 'pensionSetting', 'payMethod', 'rightToWorkStatus'])
        expect(c.generalSetting, key).not.toHaveProperty(key);
      expect(c.bankSetting.bankName).toBe('Barclays');
    }
  });
});

describe('bad files', () => {
  const refused = (name: string, bytes: Uint8Array) => parseUpload(name, bytes).catch((error: Error) => error.message);
  const enc = (text: string) => new TextEncoder().encode(text);

  it('names the problem: too large (with the limit), wrong type, empty, broken encoding, formulas', async () => {
    expect(await refused('big.csv', new Uint8Array(1024 * 1024 + 1).fill(65))).toContain('the limit is 1 MB');
    expect(await refused('photo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toContain('not a CSV or Excel');
    expect(await refused('empty.csv', enc(''))).toContain('empty');
    expect(await refused('header-only.csv', enc('Employee ID,Rate\r\n'))).toContain('no data rows');
    // A mark that says UTF-8 over bytes that are not (Windows-1252 without a mark is read: imports-partial.test.ts).
    expect(await refused('latin1.csv', new Uint8Array([0xef, 0xbb, 0xbf, 0x4e, 0x61, 0x0a, 0x4a, 0xf6, 0x72, 0x67]))).toContain(
      'says it is UTF-8 (with BOM) but its characters cannot be read',
    );
    expect(await refused('formula.csv', enc('Employee ID,Rate\r\nAB123456C,=1+1\r\n'))).toContain('formula');

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Timesheets');
    sheet.addRow(['Employee ID', 'Rate', 'Unit']);
    sheet.addRow(['AB123456C', 12.5, { formula: 'B2*3', result: 37.5 }]);
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await refused('formula.xlsx', xlsx)).toContain('Cell C2 holds a formula');
  });

  it('reads an Excel file: dates, numbers, header names in any case and spacing', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Timesheets');
    sheet.addRow(['employee id', 'FORENAME', 'Sur name', 'Tax_Period', 'start date', 'Payment Code', 'Rate', 'Unit']);
    sheet.addRow(['AB123456C', 'Jane', 'Smith', 33, new Date(Date.UTC(2026, 10, 16)), 'PR100', 12.5, 37.5]);
    const parsed = await parseUpload('week.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(parsed.rows[0]!.cells).toEqual(['AB123456C', 'Jane', 'Smith', '33', '2026-11-16', 'PR100', '12.5', '37.5']);
    expect(suggestMapping('TIMESHEETS', parsed.header)).toEqual({
      employeeId: 0,
      forename: 1,
      surname: 2,
      taxPeriod: 3,
      startDate: 4,
      paymentCode: 5,
      rate: 6,
      unit: 7,
    });
  });
});
