// Issue 28's "done when": a Windows-1252, semicolon-separated CSV (as Excel saves "CSV" on a UK PC) with 2 bad rows
// and a name spelled differently in 20 rows: "use the names Nxsys holds", skip the 2 bad rows, download the problems
// report before sending, import the rest, and download a report listing the 2 skipped rows with their reasons.
// The file is tests/fixtures/timesheets-windows1252-semicolon.csv with its ids moved to Westfield's (sandbox COM-4,
// as imports.spec.ts) and its week to one no other run used; its bytes stay Windows-1252 (£ is 0xA3).
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ukTaxPeriod } from '@/lib/tax-period';
import { WESTFIELD_ADMIN, WESTFIELD_NXSYS_USER, ensureConnected, goto, reload, signedIn } from './helpers';
import { uploadAndPreview } from './import-preview';

test.setTimeout(180_000);

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

test('a Windows-1252 semicolon CSV: fix 20 names at once, skip 2 bad rows, import the rest, report the skipped', async ({
  page,
}, testInfo) => {
  await signedIn(page, WESTFIELD_ADMIN);
  await ensureConnected(page, WESTFIELD_NXSYS_USER);
  // A Monday no other run used (reused servers keep their sandbox); imports.spec.ts counts weeks from 2027-04-05.
  const weekStart = addDays('2035-04-02', 7 * (Math.floor(Date.now() / 60_000) % 400));
  const period = String(ukTaxPeriod(weekStart, 'WEEKLY')!.period);
  const workers = (
    (await (await page.request.get('/api/nxsys/candidates?size=100')).json()) as {
      data: { id: string; forename: string; surname: string }[];
    }
  ).data.slice(0, 24);
  expect(workers).toHaveLength(24);

  const [header, ...lines] = readFileSync('tests/fixtures/timesheets-windows1252-semicolon.csv', 'latin1').trim().split('\r\n');
  const moved = lines.map((line, i) => {
    const cells = line.split(';');
    const w = workers[i]!;
    cells[0] = w.id;
    if (!cells[1]!.startsWith('Worker')) [cells[1], cells[2]] = [w.forename, w.surname];
    cells[3] = period;
    if (cells[4] !== '31/02/2027') cells[4] = dmy(weekStart); // row 23's impossible date stays
    cells[5] = dmy(addDays(weekStart, 6));
    return cells.join(';');
  });
  const file = testInfo.outputPath('week-excel.csv');
  writeFileSync(file, Buffer.from([header, ...moved].join('\r\n') + '\r\n', 'latin1'));
  expect(readFileSync(file).includes(0xa3)).toBe(true); // £ as Windows-1252 writes it

  await uploadAndPreview(page, '/timesheets/import', file, '24 rows read from week-excel.csv: 22 rows need attention.');
  await expect(page.getByTestId('file-encoding')).toHaveText('Read as Windows-1252 (Western European) text, columns separated by “;”.');
  // Each row's problems first, with the column's name.
  await expect(page.getByTestId('problems-2')).toContainText(
    `Forename: ${workers[0]!.id} is ${workers[0]!.forename} ${workers[0]!.surname} in Nxsys`,
  );

  // One action for the 20 names, its changes shown before it is applied.
  const fix = page.getByTestId('fix-nxsysName');
  await fix.getByText('What changes (20 rows)').click();
  await expect(fix).toContainText(`Row 2: Forename → ${workers[0]!.forename}, Surname → ${workers[0]!.surname}`);
  await fix.getByRole('button', { name: 'Use the name Nxsys holds for these 20 ids' }).click();
  await expect(page.getByTestId('preview-summary')).toContainText('24 rows read from week-excel.csv: 2 rows need attention.');
  await expect(page.getByTestId('problems-22')).toHaveText('Payment Code: Payment code PR999 does not exist in Nxsys');
  await expect(page.getByTestId('problems-23')).toHaveText('Start Date: 31/02/2027 is not a date: use dd/mm/yyyy');
  await expect(page.getByRole('button', { name: /^Import / })).toBeDisabled();

  // An unknown payment code can be mapped, but only to a code the user chooses.
  await expect(page.getByTestId('fix-paymentCode-PR999').getByRole('button', { name: 'Map PR999 to …' })).toBeDisabled();

  // Skip one row with its own button, the other with "skip every row with a problem".
  await page.getByRole('button', { name: 'Skip row 22' }).click();
  await expect(page.getByTestId('preview-summary')).toContainText('1 row needs attention');
  await page.getByRole('button', { name: 'Skip every row with a problem (1)' }).click();
  await expect(page.getByTestId('preview-summary')).toContainText('every row is ready. 22 timesheets to create. 2 rows skipped.');
  await expect(page.getByTestId('skipped-rows')).toContainText('Row 22: Payment Code: Payment code PR999 does not exist in Nxsys');

  // The problems report, before anything is sent.
  const [before] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the problems report' }).click(),
  ]);
  const problems = readFileSync(await before.path())
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(problems[0]).toMatch(/^Employee ID,Forename,.*,Site ID,Problems$/);
  expect(problems.filter((l) => l.includes(',Skipped: '))).toEqual([
    expect.stringMatching(/PR999.*,Skipped: Payment Code: Payment code PR999 does not exist in Nxsys$/),
    expect.stringMatching(/31\/02\/2027.*,Skipped: Start Date: 31\/02\/2027 is not a date: use dd\/mm\/yyyy$/),
  ]);

  await page.getByRole('button', { name: 'Import 22 timesheets' }).click();
  await expect(page).toHaveURL(/\/imports\/[a-z0-9]+$/);
  await expect(page.getByTestId('import-status')).toHaveText('Finished', { timeout: 60_000 });
  await expect(page.getByTestId('import-counts')).toHaveText('22 of 22 timesheets done: 22 created, 0 failed.');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the report' }).click()]);
  const report = readFileSync(await download.path())
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(report.filter((l) => l.includes(',Not sent,'))).toEqual([
    expect.stringMatching(/^22,.*,Not sent,,Skipped: Payment Code: Payment code PR999 does not exist in Nxsys$/),
    expect.stringMatching(/^23,.*,Not sent,,Skipped: Start Date: 31\/02\/2027 is not a date: use dd\/mm\/yyyy$/),
  ]);
  expect(report.filter((l) => /,Created,TS-\d+,$/.test(l))).toHaveLength(22);
});

test('a workbook of two sheets: the sheet with data is read, another can be chosen; a formula in Description is noted', async ({
  page,
}) => {
  await signedIn(page, WESTFIELD_ADMIN);
  await ensureConnected(page, WESTFIELD_NXSYS_USER);
  await goto(page, '/timesheets/import');
  await page.getByLabel('File to import').setInputFiles('tests/fixtures/timesheets-two-sheets.xlsx');
  const sheet = page.getByLabel('Sheet to import');
  await expect(sheet.locator('option')).toHaveText(['Sample Data (0 rows)', 'Sheet 1 (3 rows)']);
  await expect(sheet).toHaveValue('Sheet 1');
  await expect(page.getByTestId('preview-summary')).toContainText('3 rows read from timesheets-two-sheets.xlsx');
  await sheet.selectOption('Sample Data');
  await expect(page.getByRole('alert').filter({ hasText: 'The file has a header row but no data rows.' })).toBeVisible();
  await expect(sheet).toHaveValue('Sheet 1');

  await page.getByLabel('File to import').setInputFiles('tests/fixtures/timesheets-formula-unused-column.xlsx');
  await expect(page.getByTestId('file-notes')).toHaveText(
    [
      'Cell H3 (Description) holds a formula: left empty, as the import does not send that column.',
      'Cell L4 (Notes) holds a formula: left empty, as the import does not send that column.',
    ].join(''),
  );
  await expect(page.getByLabel('Sheet to import')).toHaveCount(0);
});

test('the preview lists every row or only those with problems (held in the URL), each problem row starting with its problems', async ({
  page,
}) => {
  await signedIn(page, WESTFIELD_ADMIN);
  await ensureConnected(page, WESTFIELD_NXSYS_USER);
  const weekStart = '2035-03-26';
  const period = String(ukTaxPeriod(weekStart, 'WEEKLY')!.period);
  const workers = (
    (await (await page.request.get('/api/nxsys/candidates?size=100')).json()) as {
      data: { id: string; forename: string; surname: string }[];
    }
  ).data.slice(0, 5);
  const header = 'Employee ID,Forename,Surname,Tax Period,Start Date,End Date,Payment Code,Description,Rate,Unit,Site ID';
  const lines = workers.map((w, i) =>
    [
      w.id,
      w.forename,
      w.surname,
      period,
      dmy(weekStart),
      dmy(addDays(weekStart, 6)),
      i === 1 ? 'PR999' : 'PR100',
      'Hours',
      '12.50',
      i === 3 ? '0' : '30',
      '',
    ].join(','),
  );
  const file = { name: 'five.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...lines].join('\r\n') + '\r\n') };

  await goto(page, '/timesheets/import');
  await page.getByLabel('File to import').setInputFiles(file);
  const filter = page.getByRole('group', { name: 'Rows to show' });
  await expect(filter.getByRole('button', { name: 'all 5' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('tbody tr[data-testid^="problem-row-"], tbody tr[data-testid^="row-"]')).toHaveCount(5);
  // A problem row starts with its number, then its problems (with the column's name), then the cells.
  const third = page.getByTestId('problem-row-3');
  await expect(third.locator('th')).toContainText('3');
  await expect(third.locator('td').first()).toHaveText('Payment Code: Payment code PR999 does not exist in Nxsys');
  await expect(page.getByTestId('problems-2')).toHaveText('Ready');

  await filter.getByRole('button', { name: '2 with problems' }).click();
  await expect(page).toHaveURL(/\/timesheets\/import\?show=problems$/);
  await expect(page.locator('tbody tr[data-testid^="problem-row-"], tbody tr[data-testid^="row-"]')).toHaveCount(2);
  await expect(page.getByTestId('problem-row-3')).toBeVisible();
  await expect(page.getByTestId('problem-row-5')).toBeVisible();
  await expect(page.getByTestId('row-2')).toHaveCount(0);

  // The URL keeps the filter: reloaded, the same file is shown filtered straight away.
  await reload(page);
  await page.getByLabel('File to import').setInputFiles(file);
  await expect(page.getByRole('group', { name: 'Rows to show' }).getByRole('button', { name: '2 with problems' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.locator('tbody tr[data-testid^="problem-row-"], tbody tr[data-testid^="row-"]')).toHaveCount(2);

  // Skipping a row takes it out of both counts.
  await page.getByRole('button', { name: 'Skip row 3' }).click();
  await expect(page.getByRole('group', { name: 'Rows to show' }).getByRole('button')).toHaveText(['all 4', '1 with problems']);
  await page.getByRole('group', { name: 'Rows to show' }).getByRole('button', { name: 'all 4' }).click();
  await expect(page).toHaveURL(/\/timesheets\/import$/);
  await expect(page.locator('tbody tr[data-testid^="problem-row-"], tbody tr[data-testid^="row-"]')).toHaveCount(4);
});
