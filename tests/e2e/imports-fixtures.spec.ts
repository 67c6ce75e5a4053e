// Issue 28's fixtures through the browser: a UTF-16 file (as Excel's "Unicode Text" saves it), and the file with 3 bad
// rows: the tax period taken from the start date and an unknown payment code mapped (each column fix applied from
// the preview), the rows still bad skipped, the rest imported, the report listing the skipped rows. The 3-bad-rows
// file's ids and names are moved to Westfield's (sandbox COM-4) and its week to one no other run used.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ukTaxPeriod } from '@/lib/tax-period';
import { WESTFIELD_ADMIN, WESTFIELD_NXSYS_USER, ensureConnected, signedIn } from './helpers';
import { uploadAndPreview } from './import-preview';

test.setTimeout(180_000);

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

test('a UTF-16 file is read and says so', async ({ page }) => {
  await signedIn(page, WESTFIELD_ADMIN);
  await ensureConnected(page, WESTFIELD_NXSYS_USER);
  await uploadAndPreview(page, '/timesheets/import', 'tests/fixtures/timesheets-utf16le.csv', '3 rows read from timesheets-utf16le.csv');
  await expect(page.getByTestId('file-encoding')).toHaveText('Read as UTF-16 LE text, columns separated by tabs.');
});

test('3 bad rows: tax periods from the start date and a payment code mapped in the preview, the 2 left skipped, 4 imported', async ({
  page,
}, testInfo) => {
  await signedIn(page, WESTFIELD_ADMIN);
  await ensureConnected(page, WESTFIELD_NXSYS_USER);
  // A Monday no other run used (imports-partial.spec.ts counts from 2035, imports.spec.ts from 2027).
  const weekStart = addDays('2045-04-03', 7 * (Math.floor(Date.now() / 60_000) % 400));
  const period = String(ukTaxPeriod(weekStart, 'WEEKLY')!.period);
  const workers = (
    (await (await page.request.get('/api/nxsys/candidates?size=100')).json()) as {
      data: { id: string; forename: string; surname: string }[];
    }
  ).data.slice(30, 36);
  const [header, ...lines] = readFileSync('tests/fixtures/timesheets-3-bad-rows.csv', 'utf8').trim().split('\n');
  const moved = lines.map((line, i) => {
    const cells = line.trim().split(',');
    const w = workers[i]!;
    [cells[0], cells[1], cells[2]] = [w.id, w.forename, w.surname];
    cells[3] = i === 0 ? '7' : i === 2 ? '' : period; // rows 2 and 4: a wrong tax week, and none
    cells[4] = dmy(weekStart);
    cells[5] = dmy(addDays(weekStart, 6));
    return cells.join(',');
  });
  const file = testInfo.outputPath('three-bad.csv');
  writeFileSync(file, [header!.trim(), ...moved].join('\r\n') + '\r\n');

  await uploadAndPreview(page, '/timesheets/import', file, '6 rows read from three-bad.csv: 5 rows need attention.');

  const taxPeriod = page.getByTestId('fix-taxPeriod');
  await taxPeriod.getByText('What changes (2 rows)').click();
  await expect(taxPeriod).toContainText(`Row 2: Tax Period → ${period}`);
  await expect(taxPeriod).toContainText(`Row 4: Tax Period → ${period}`);
  await taxPeriod.getByRole('button', { name: 'Take the tax period from the start date (2 rows)' }).click();
  await expect(page.getByTestId('preview-summary')).toContainText('3 rows need attention.');

  const code = page.getByTestId('fix-paymentCode-PR999');
  await code.getByLabel('Map PR999 to').selectOption('PR100');
  await code.getByText('What changes (1 row)').click();
  await expect(code).toContainText('Row 3: Payment Code → PR100');
  await code.getByRole('button', { name: 'Map PR999 to PR100' }).click();
  await expect(page.getByTestId('preview-summary')).toContainText('2 rows need attention.');
  await expect(page.getByTestId('problem-row-5')).toBeVisible();
  await expect(page.getByTestId('problem-row-7')).toBeVisible();

  await page.getByRole('button', { name: 'Skip every row with a problem (2)' }).click();
  await expect(page.getByTestId('preview-summary')).toContainText('every row is ready. 4 timesheets to create. 2 rows skipped.');
  await page.getByRole('button', { name: 'Import 4 timesheets' }).click();
  await expect(page.getByTestId('import-status')).toHaveText('Finished', { timeout: 60_000 });
  await expect(page.getByTestId('import-counts')).toHaveText('4 of 4 timesheets done: 4 created, 0 failed.');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the report' }).click()]);
  const report = readFileSync(await download.path())
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(report.filter((l) => l.includes(',Not sent,')).map((l) => l.split(',')[0])).toEqual(['5', '7']);
  expect(report.filter((l) => /,Created,TS-\d+,$/.test(l)).map((l) => l.split(',')[0])).toEqual(['2', '3', '4', '6']);
});
