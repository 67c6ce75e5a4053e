// Issue 28, an import a clerk can finish: files as Excel saves them (Windows-1252 with semicolons, UTF-16), column
// fixes shown then applied, rows skipped (the rest sent, each once, even when started twice at once), and the
// problems report before anything is sent. Fixtures: tests/fixtures/.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { suggestMapping, type ImportPreview, type ImportRequest } from '@/lib/imports/schema';
import { importReport, importStatus, parseUpload, previewImport, previewReport, runImport, startImport } from '@/lib/imports/server';
import { importTestbed } from '../helpers/imports';

const bed = importTestbed({ env: { NXSYS_TIMEOUT_MS: '2000', IMPORTS_LEASE_SECONDS: '3' } });

const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/${name}`));

const requestFor = (name: string) => bed.requestFor(fixture(name), name);

/** What "apply" does in the browser: the fix's cells written into the rows. */
function apply(request: ImportRequest, fix: ImportPreview['fixes'][number]) {
  for (const change of fix.changes) {
    const row = request.rows.find((r) => r.rowNumber === change.rowNumber)!;
    row.cells[request.mapping[change.field]!] = change.value;
  }
}

const sheetsFrom = (start: string) => bed.sb.store.company('COM-1').timesheets.filter((t) => t.startDate === start);

describe('files as Excel saves them', () => {
  it('reads Windows-1252 with semicolons, UTF-16 with tabs and UTF-8 with a BOM, and says which', async () => {
    const windows = await parseUpload('w.csv', fixture('timesheets-windows1252-semicolon.csv'));
    expect(windows).toMatchObject({ encoding: 'Windows-1252 (Western European)', delimiter: ';' });
    expect(windows.header).toHaveLength(11);
    expect(windows.rows[0]!.cells.slice(7, 9)).toEqual(['Basic hours at £12.50', '£12.50']);

    const utf16 = await parseUpload('u.csv', fixture('timesheets-utf16le.csv'));
    expect(utf16).toMatchObject({ encoding: 'UTF-16 LE', delimiter: 'tab' });
    expect(utf16.rows[0]!.cells[7]).toBe('Café shift – £');

    // The same text as UTF-16 BE without a mark, and as UTF-8 with and without one.
    const text = 'Employee ID;Rate\r\nSR-1;£12.50\r\n';
    const be = new Uint8Array(Buffer.from(text, 'utf16le').swap16());
    expect(await parseUpload('b.csv', be)).toMatchObject({ encoding: 'UTF-16 BE', rows: [{ cells: ['SR-1', '£12.50'] }] });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(await parseUpload('b.csv', bom)).toMatchObject({ encoding: 'UTF-8 (with BOM)', header: ['Employee ID', 'Rate'] });
    expect(await parseUpload('b.csv', new TextEncoder().encode(text))).toMatchObject({ encoding: 'UTF-8' });
  });
});

describe('workbooks', () => {
  it('lists the sheets with their rows and reads the first whose header matches and has rows; another on request', async () => {
    const bytes = fixture('timesheets-two-sheets.xlsx');
    const file = await bed.upload('two.xlsx', bytes, { kind: 'TIMESHEETS' });
    expect(file.sheets).toEqual([
      { name: 'Sample Data', rows: 0 },
      { name: 'Sheet 1', rows: 3 },
    ]);
    expect(file.sheet).toBe('Sheet 1');
    expect(file.rows.map((r) => r.cells[0])).toEqual(['SR-101000', 'SR-101001', 'SR-101002']);
    await expect(bed.upload('two.xlsx', bytes, { kind: 'TIMESHEETS', sheet: 'Sample Data' })).rejects.toMatchObject({
      message: 'The file has a header row but no data rows.',
    });
    const request = {
      kind: 'TIMESHEETS' as const,
      payFrequency: 'WEEKLY' as const,
      ...file,
      mapping: suggestMapping('TIMESHEETS', file.header),
    };
    expect((await previewImport(bed.user, request)).problems).toEqual([]);
  });

  it('a sheet past the row limit refuses only that sheet, by name; the workbook is read from a sheet within it', async () => {
    const book = new ExcelJS.Workbook();
    const header = ['Employee ID', 'Forename', 'Surname', 'Tax Period', 'Start Date', 'Payment Code', 'Rate', 'Unit'];
    const line = (i: number) => [`SR-${101000 + (i % 20)}`, 'A', 'B', '49', '08/03/2027', 'PR100', '12.50', '1'];
    book.addWorksheet('All year').addRows([header, ...Array.from({ length: 2100 }, (_, i) => line(i))]);
    book.addWorksheet('Week 10').addRows([header, line(0), line(1)]);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());

    const file = await bed.upload('year.xlsx', bytes, { kind: 'TIMESHEETS' });
    expect(file.sheets).toEqual([
      { name: 'All year', rows: 2100, overRows: true },
      { name: 'Week 10', rows: 2 },
    ]);
    expect(file.sheet).toBe('Week 10');
    expect(file.rows).toHaveLength(2);
    await expect(bed.upload('year.xlsx', bytes, { kind: 'TIMESHEETS', sheet: 'All year' })).rejects.toMatchObject({
      code: 'import_file_limit',
      message:
        'The sheet “All year” has more than 2,000 rows; one import takes at most 2,000. Split it into smaller files, or choose another sheet.',
    });
  });

  it('ignores, with a note, a formula in a column that is not sent; refuses one in a column that is', async () => {
    const bytes = fixture('timesheets-formula-unused-column.xlsx');
    const file = await bed.upload('formula.xlsx', bytes, { kind: 'TIMESHEETS' });
    expect(file.notes).toEqual([
      'Cell H3 (Description) holds a formula: left empty, as the import does not send that column.',
      'Cell L4 (Notes) holds a formula: left empty, as the import does not send that column.',
    ]);
    expect(file.rows[1]!.cells[7]).toBe('');
    const request = {
      kind: 'TIMESHEETS' as const,
      payFrequency: 'WEEKLY' as const,
      ...file,
      mapping: suggestMapping('TIMESHEETS', file.header),
    };
    expect((await previewImport(bed.user, request)).problems).toEqual([]);
    // Without the template to match (no kind) every formula is refused; with it, one in a column that is sent (Rate).
    await expect(bed.upload('formula.xlsx', bytes)).rejects.toThrow('Cell H3 holds a formula');
    const csv = new TextEncoder().encode('Employee ID,Rate,Notes\r\nSR-101000,=1+1,\r\nSR-101001,12.50,=A3\r\n');
    await expect(bed.upload('f.csv', csv, { kind: 'TIMESHEETS' })).rejects.toThrow('Row 2, column B (=1+1) holds a formula');
    const notes = new TextEncoder().encode('Employee ID,Rate,Notes\r\nSR-101000,12.50,=A2\r\n');
    expect((await bed.upload('f.csv', notes, { kind: 'TIMESHEETS' })).notes).toEqual([
      'Row 2, column C (Notes) holds a formula: left empty, as the import does not send that column.',
    ]);
  });
});

describe('a partial import', () => {
  it('fixes 20 names in one action, skips the 2 bad rows, reports them before sending, sends the rest once', async () => {
    const request = await requestFor('timesheets-windows1252-semicolon.csv');
    const first = await previewImport(bed.user, request);
    expect(first.problems).toHaveLength(22);
    const names = first.fixes.find((f) => f.kind === 'nxsysName')!;
    expect(names.label).toBe('Use the name Nxsys holds for these 20 ids');
    expect(names.changes).toContainEqual({ rowNumber: 2, field: 'forename', value: 'Leo' });
    expect(names.changes).toContainEqual({ rowNumber: 2, field: 'surname', value: 'Smith' });
    expect(names.changes).toHaveLength(40);

    apply(request, names);
    const fixed = await previewImport(bed.user, request);
    expect(fixed.fixes.map((f) => f.label)).toEqual(['Map payment code PR999 to another code (1 row)']);
    expect(fixed.problems.map((p) => [p.rowNumber, Object.keys(p.errors)])).toEqual([
      [22, ['paymentCode']],
      [23, ['startDate']],
    ]);
    await expect(startImport(bed.user, request)).rejects.toMatchObject({ code: 'import_rows_invalid' });

    // Skip every row with a problem: the reasons name the file's columns.
    request.skip = fixed.problems.map((p) => p.rowNumber);
    const partial = await previewImport(bed.user, request);
    expect(partial.problems).toEqual([]);
    expect(partial.timesheets).toHaveLength(22);
    expect(partial.skippedRows).toEqual([
      { rowNumber: 22, reason: 'Payment Code: Payment code PR999 does not exist in Nxsys' },
      { rowNumber: 23, reason: 'Start Date: 31/02/2027 is not a date: use dd/mm/yyyy' },
    ]);

    // The problems report before anything is sent: every row, and a Problems column.
    const before = (await (await previewReport(bed.user, request)).text()).split('\r\n');
    expect(before[0]).toBe(
      'Employee ID,Forename,Surname,Tax Period,Start Date,End Date,Payment Code,Description,Rate,Unit,Site ID,Problems',
    );
    expect(before[21]).toContain(',Skipped: Payment Code: Payment code PR999 does not exist in Nxsys');
    expect(before[22]).toContain(',Skipped: Start Date: 31/02/2027 is not a date: use dd/mm/yyyy');
    expect(before.filter((l) => l.includes('Skipped'))).toHaveLength(2);
    expect(sheetsFrom('2027-03-08')).toHaveLength(0);
    // Uploaded again (fixed or not), the report reads as the file did: its names as corrected, its Problems column
    // not one the import reads.
    const again = await bed.upload('problems.csv', new TextEncoder().encode(before.join('\r\n')), { kind: 'TIMESHEETS' });
    const reread = await previewImport(bed.user, {
      kind: 'TIMESHEETS',
      payFrequency: 'WEEKLY',
      ...again,
      mapping: suggestMapping('TIMESHEETS', again.header),
    });
    expect(reread.problems.map((p) => p.rowNumber)).toEqual([22, 23]);

    // Started twice at once (double click, two tabs): one job; Nxsys holds each timesheet once.
    const [a, b] = await Promise.all([startImport(bed.user, structuredClone(request)), startImport(bed.user, structuredClone(request))]);
    expect(a.id).toBe(b.id);
    await Promise.all([runImport(a.id), runImport(a.id)]);
    expect(await importStatus(bed.user, a.id)).toMatchObject({ status: 'FINISHED', total: 22, created: 22 });
    const sheets = sheetsFrom('2027-03-08');
    expect(sheets).toHaveLength(22);
    expect(new Set(sheets.map((s) => s.candidateId)).size).toBe(22);

    const report = (await (await importReport(bed.user, a.id)).text()).split('\r\n');
    const notSent = report.filter((l) => l.includes('Not sent'));
    expect(notSent).toHaveLength(2);
    expect(notSent[0]).toMatch(/^22,.*Skipped: Payment Code: Payment code PR999 does not exist in Nxsys$/);
    expect(notSent[1]).toMatch(/^23,.*Skipped: Start Date: 31\/02\/2027 is not a date/);
  });

  it('takes the tax period from the start date and maps a payment code when asked; skips the 2 rows left, sends 4; the report fixed and uploaded again sends those 2', async () => {
    const request = await requestFor('timesheets-3-bad-rows.csv');
    request.rows[0]!.cells[3] = '7'; // the wrong tax week
    request.rows[2]!.cells[3] = ''; // none
    const preview = await previewImport(bed.user, request);
    const period = preview.fixes.find((f) => f.kind === 'taxPeriod')!;
    expect(period).toEqual({
      kind: 'taxPeriod',
      label: 'Take the tax period from the start date (2 rows)',
      changes: [
        { rowNumber: 2, field: 'taxPeriod', value: '51' },
        { rowNumber: 4, field: 'taxPeriod', value: '51' },
      ],
    });
    apply(request, period);
    const fixed = await previewImport(bed.user, request);
    expect(fixed.problems.map((p) => p.rowNumber)).toEqual([3, 5, 7]);
    // An unknown payment code: mapped to the code the user chooses, never to one picked for them.
    const code = fixed.fixes.find((f) => f.kind === 'paymentCode')!;
    expect(code).toMatchObject({
      label: 'Map payment code PR999 to another code (1 row)',
      from: 'PR999',
      changes: [{ rowNumber: 3, value: '' }],
    });
    expect(code.choices).toEqual(expect.arrayContaining(['PR100', 'PR101']));
    apply(request, { ...code, changes: code.changes.map((c) => ({ ...c, value: 'PR101' })) });
    const mapped = await previewImport(bed.user, request);
    expect(mapped.problems.map((p) => p.rowNumber)).toEqual([5, 7]);
    request.skip = [5, 7];
    const { id } = await startImport(bed.user, request);
    await runImport(id);
    expect(await importStatus(bed.user, id)).toMatchObject({ status: 'FINISHED', total: 4, created: 4 });
    expect(
      sheetsFrom('2027-03-22')
        .map((s) => s.candidateId)
        .sort(),
    ).toEqual(['SR-101000', 'SR-101001', 'SR-101002', 'SR-101004']);

    // The report, its 2 skipped rows fixed in the file, uploaded again: the 4 sent are left out, the 2 fixed are sent.
    const report = Papa.parse<string[]>((await (await importReport(bed.user, id)).text()).replace(/^\uFEFF/, ''), {
      skipEmptyLines: true,
    }).data;
    const column = (name: string) => report[0]!.indexOf(name);
    expect(report.slice(1).map((r) => [r[0], r[column('Result')]])).toEqual([
      ['2', 'Created'],
      ['3', 'Created'],
      ['4', 'Created'],
      ['5', 'Not sent'],
      ['6', 'Created'],
      ['7', 'Not sent'],
    ]);
    report[4]![column('Rate')] = '12.50';
    report[6]![column('Unit')] = '30';
    const again = await bed.requestFor(Papa.unparse(report), 'report-fixed.csv');
    const reread = await previewImport(bed.user, again);
    expect(reread.problems).toEqual([]);
    expect(reread.alreadyImportedCount).toBe(4);
    expect(reread.timesheets.filter((t) => !t.skipped).map((t) => t.candidateId)).toEqual(['SR-101003', 'SR-101005']);
    const second = await startImport(bed.user, again);
    await runImport(second.id);
    expect(await importStatus(bed.user, second.id)).toMatchObject({ status: 'FINISHED', total: 2, created: 2 });
    expect(sheetsFrom('2027-03-22')).toHaveLength(6);
  });

  it('offers no name fix for an identifier two candidates hold', async () => {
    // Every seeded candidate carries the agency's own reference: it picks none of them, and no name is offered.
    const shared = String(bed.sb.store.company('COM-1').candidates[0]!.generalSetting.agencyRef);
    const csv = `Employee ID,Forename,Surname,Tax Period,Start Date,Payment Code,Rate,Unit\r\n${shared},Someone,Else,51,22/03/2027,PR100,12.50,30\r\n`;
    const parsed = await bed.upload('shared.csv', new TextEncoder().encode(csv));
    const preview = await previewImport(bed.user, {
      kind: 'TIMESHEETS',
      payFrequency: 'WEEKLY',
      ...parsed,
      mapping: suggestMapping('TIMESHEETS', parsed.header),
    });
    expect(preview.problems[0]!.errors.employeeId).toMatch(/belongs to \d+ candidates/);
    expect(preview.fixes).toEqual([]);
  });
});
