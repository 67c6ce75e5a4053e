// Issue 15's "done when": a person downloads the template, fills 30 rows in a spreadsheet, uploads it, fixes the
// two rows the preview flags, submits, reloads midway and watches the bar finish, downloads the report, and finds
// every timesheet in the list; a second upload of the same file is warned about and leaves out what was sent (unless
// ticked). A line pasted twice is flagged and left out unless kept; a timesheet Nxsys already holds is flagged with
// its link (issue 24). Runs on Westfield (sandbox COM-4) so the other specs' lists on the demo agency are not
// disturbed.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import { ukTaxPeriod } from '@/lib/tax-period';
import {
  ADMIN,
  WESTFIELD_ADMIN,
  WESTFIELD_NXSYS_USER,
  clearSandboxFaults,
  ensureConnected,
  expectPhoneWideAndAxeClean,
  sandboxControl,
  signedIn,
  goto,
  reload,
} from './helpers';
import { uploadAndPreview } from './import-preview';

test.setTimeout(180_000);

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

// Every test here imports into Westfield (sandbox company COM-4) and sets or clears its faults: they run one after
// another in one worker (not in parallel with each other), or one test's clearing would undo another's fault.
test.describe.configure({ mode: 'default' });
test.afterEach(() => clearSandboxFaults('COM-4'));

test('import 30 rows from a spreadsheet: fix two flagged rows, reload midway, report, list, and a warned re-upload', async ({
  page,
}, testInfo) => {
  await signedIn(page, WESTFIELD_ADMIN);
  await ensureConnected(page, WESTFIELD_NXSYS_USER);

  // A Monday of a week no other run used (reused servers keep their sandbox), and that week's tax period.
  const weekStart = addDays('2027-04-05', 7 * (Math.floor(Date.now() / 60_000) % 400));
  const period = String(ukTaxPeriod(weekStart, 'WEEKLY')!.period);
  const candidates = (
    (await (await page.request.get('/api/nxsys/candidates?size=100')).json()) as {
      data: { id: string; forename: string; surname: string; NINumber?: string }[];
    }
  ).data.slice(0, 15);
  expect(candidates).toHaveLength(15);

  await goto(page, '/timesheets');
  await page.getByRole('link', { name: 'Import a file' }).click();
  await expect(page.getByRole('heading', { name: 'Import timesheets' })).toBeVisible();

  // The template, downloaded and filled in a spreadsheet: 15 workers × 2 lines = 30 rows.
  const [templateDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the template' }).click(),
  ]);
  const template = readFileSync(await templateDownload.path())
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const header = template.split('\r\n')[0]!.split(',');
  expect(header.slice(0, 11)).toEqual([
    'Employee ID',
    'Forename',
    'Surname',
    'Tax Period',
    'Start Date',
    'End Date',
    'Payment Code',
    'Description',
    'Rate',
    'Unit',
    'Site ID',
  ]);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Timesheets');
  sheet.addRow(header);
  candidates.forEach((c, i) => {
    const ref = i % 3 === 0 && c.NINumber ? c.NINumber : c.id;
    sheet.addRow([
      ref,
      c.forename,
      c.surname,
      Number(period),
      dmy(weekStart),
      dmy(addDays(weekStart, 6)),
      'PR100',
      `Hours ${testInfo.workerIndex}`,
      12.5,
      35 + i,
    ]);
    sheet.addRow([ref, c.forename, c.surname, Number(period), dmy(weekStart), dmy(addDays(weekStart, 6)), 'PR101', 'Weekend day', 110, 1]);
  });
  // The two mistakes the preview must flag: a mistyped payment code (row 5) and a wrong tax period (row 10).
  sheet.getRow(5).getCell(7).value = 'PR1O1';
  sheet.getRow(10).getCell(4).value = Number(period) + 1;
  // A line pasted twice (row 32 repeats row 2): flagged, and paid once unless kept.
  sheet.addRow((sheet.getRow(2).values as ExcelJS.CellValue[]).slice(1)); // values[0] is empty: columns count from 1
  const file = testInfo.outputPath('week.xlsx');
  await workbook.xlsx.writeFile(file);

  await page.getByLabel('File to import').setInputFiles(file);
  await expect(page.getByTestId('preview-summary')).toContainText('31 rows read from week.xlsx: 2 rows need attention.');
  const keep = page.getByRole('checkbox', { name: /Keep row 32 \(the same as row 2/ });
  await expect(keep).not.toBeChecked();
  await expect(page.getByLabel('Row 5 Payment Code')).toHaveAccessibleDescription(/PR1O1 does not exist/);
  await expect(page.getByLabel('Row 10 Tax Period')).toHaveAccessibleDescription(
    new RegExp(`is in tax week ${period}, not ${Number(period) + 1}`),
  );
  await expect(page.getByRole('button', { name: /^Import / })).toBeDisabled();

  await page.getByLabel('Row 5 Payment Code').fill('PR101');
  await page.getByLabel('Row 10 Tax Period').fill(period);
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(page.getByTestId('preview-summary')).toContainText('every row is ready. 15 timesheets to create.');
  await expect(page.getByRole('status').filter({ hasText: 'already' })).toHaveCount(0);
  await expect(page.getByTestId('file-totals')).toContainText('£');
  // Kept on purpose, the line counts (the total grows); left out again, it does not.
  const leftOut = await page.getByTestId('file-totals').textContent();
  await keep.check();
  await expect(page.getByTestId('file-totals')).not.toHaveText(leftOut!);
  await keep.uncheck();
  await expect(page.getByTestId('file-totals')).toHaveText(leftOut!);

  // Nxsys answers creates slowly, so the import is still running when the page is reloaded.
  await sandboxControl('faults', { companyId: 'COM-4', latencyMs: 1200, method: 'POST', pathPrefix: '/nxsys/time-sheets' });
  await page.getByRole('button', { name: 'Import 15 timesheets' }).click();
  await expect(page).toHaveURL(/\/imports\/[a-z0-9]+$/);
  const bar = page.getByRole('progressbar', { name: 'Import progress' });
  await expect(bar).toHaveAttribute('aria-valuemax', '15');
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 30_000 }).toBeGreaterThan(0);
  expect(Number(await bar.getAttribute('aria-valuenow'))).toBeLessThan(15);
  await reload(page);
  await expect(page.getByTestId('import-status')).toHaveText('Sending to Nxsys…');
  await expect(bar).toHaveAttribute('aria-valuenow', '15', { timeout: 60_000 });
  await expect(page.getByTestId('import-status')).toHaveText('Finished');
  await expect(page.getByTestId('import-counts')).toHaveText('15 of 15 timesheets done: 15 created, 0 failed.');
  await clearSandboxFaults('COM-4');

  // The report: every original row, with its result and the Nxsys id.
  const [reportDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the report' }).click(),
  ]);
  const report = readFileSync(await reportDownload.path())
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(report).toHaveLength(32);
  expect(report[0]).toMatch(/^Row,Employee ID,.*,Result,Nxsys ID,Error$/);
  expect(report[31]).toMatch(/^32,.*,Not sent,,The same line as row 2/);
  const ids = new Set(report.slice(1, 31).map((line) => /,Created,(TS-\d+),$/.exec(line)?.[1]));
  expect(ids.size).toBe(15);
  expect(ids.has(undefined)).toBe(false);

  // Every timesheet is in the list (the period's filter, one page of 100).
  await goto(page, `/timesheets?bactchFrom=${weekStart}&bactchTo=${addDays(weekStart, 6)}&size=100`);
  for (const id of ids) await expect(page.getByRole('link', { name: id! })).toBeVisible();

  // The same file again: warned, and what was sent is left out unless ticked to be sent again.
  await goto(page, '/timesheets/import');
  await page.getByLabel('File to import').setInputFiles(file);
  await expect(page.getByRole('status').filter({ hasText: 'This file was already imported' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('15 timesheets in this file were already sent by an earlier import or copy');
  await expect(page.getByRole('button', { name: 'Import 0 timesheets' })).toBeDisabled();
  await page.getByRole('checkbox', { name: 'Send again' }).first().check();
  // (The file on disk still holds the two mistakes fixed in the first preview, so nothing is sent from here.)
  await expect(page.getByRole('button', { name: 'Import 1 timesheet' })).toBeVisible();
});

async function phoneWideAndAxeClean(page: Page, path: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  await goto(page, path);
  await page.waitForLoadState('networkidle');
  await expectPhoneWideAndAxeClean(page, path);
}

test("the import and copy pages: copy's timesheets in the first HTML for the period in the URL, an unknown import, phone width and axe", async ({
  page,
}) => {
  await signedIn(page, ADMIN);
  await ensureConnected(page);
  const sheets = (await (await page.request.get('/api/nxsys/timesheets?size=5')).json()) as {
    data: { id: string; startDate: string; endDate: string }[];
  };
  const { id, startDate, endDate } = sheets.data[0]!;
  const copyPath = `/timesheets/copy?from=${startDate.slice(0, 10)}&to=${endDate.slice(0, 10)}`;
  // Server-rendered: the period's timesheets are in the HTML itself, before any script runs.
  const html = await (await page.request.get(copyPath)).text();
  expect(html).toContain(`>${id}</a>`);
  expect(html).toMatch(/[A-Za-z] \(SR-\d+\)/); // the worker's name beside the SR id
  await goto(page, copyPath);
  await expect(page.getByLabel('Period from')).toHaveValue(startDate.slice(0, 10).split('-').reverse().join('/')); // dd/mm/yyyy
  await expect(page.getByRole('checkbox', { name: `Select ${id}`, exact: true })).toBeVisible();
  // Another period: the URL holds it, and its list replaces the first one.
  await page.getByLabel('Period from').fill('2001-01-01');
  await page.getByLabel('Period to').fill('2001-01-07');
  await expect(page).toHaveURL(/from=2001-01-01&to=2001-01-07/);
  await expect(page.getByText('No timesheets in this period.').first()).toBeVisible();

  await goto(page, '/imports/no-such-import');
  await expect(page.getByRole('alert').filter({ hasText: 'No such import.' })).toContainText('Not found');

  for (const path of ['/timesheets/import', '/candidates/import', copyPath]) await phoneWideAndAxeClean(page, path);
});

test('Cancel on a running import: what was created stays, the rest is not sent, and the page says so', async ({ page }) => {
  await signedIn(page, WESTFIELD_ADMIN);
  await ensureConnected(page, WESTFIELD_NXSYS_USER);
  const weekStart = addDays('2031-04-07', 7 * (Math.floor(Date.now() / 60_000) % 400));
  const period = String(ukTaxPeriod(weekStart, 'WEEKLY')!.period);
  const candidates = (
    (await (await page.request.get('/api/nxsys/candidates?size=100')).json()) as {
      data: { id: string; forename: string; surname: string }[];
    }
  ).data.slice(0, 6);
  const rows = candidates.map((c) => [
    c.id,
    c.forename,
    c.surname,
    period,
    dmy(weekStart),
    dmy(addDays(weekStart, 6)),
    'PR100',
    '',
    '12.50',
    '30',
  ]);
  const csv = [
    ['Employee ID', 'Forename', 'Surname', 'Tax Period', 'Start Date', 'End Date', 'Payment Code', 'Description', 'Rate', 'Unit'],
    ...rows,
  ]
    .map((r) => r.join(','))
    .join('\r\n');

  await uploadAndPreview(
    page,
    '/timesheets/import',
    { name: 'cancel.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) },
    'every row is ready. 6 timesheets to create.',
  );
  // Creates answer slowly: Cancel lands while the first ones are in flight.
  await sandboxControl('faults', { companyId: 'COM-4', latencyMs: 2500, method: 'POST', pathPrefix: '/nxsys/time-sheets' });
  await page.getByRole('button', { name: 'Import 6 timesheets' }).click();
  await expect(page.getByTestId('import-status')).toHaveText('Sending to Nxsys…');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('import-status')).toHaveText('Cancelled', { timeout: 30_000 });
  await expect(page.getByTestId('import-counts')).toContainText('not sent (cancelled)');
  await expect(page.getByRole('alert').filter({ hasText: 'were created in Nxsys before the cancel and stay there' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  await expect(page.getByText('Not sent (cancelled)').first()).toBeVisible();
});

test('a timesheet Nxsys already holds (made through the form’s API) is flagged at the preview, with its link, and left out unless ticked', async ({
  page,
}) => {
  await signedIn(page, WESTFIELD_ADMIN);
  await ensureConnected(page, WESTFIELD_NXSYS_USER);
  // A week and two candidates no other test here uses (a reused server keeps its sandbox).
  const weekStart = addDays('2045-04-03', 7 * (Math.floor(Date.now() / 60_000) % 400));
  const weekEnd = addDays(weekStart, 6);
  const { taxYear, period } = ukTaxPeriod(weekStart, 'WEEKLY')!;
  const candidates = (
    (await (await page.request.get('/api/nxsys/candidates?size=100')).json()) as {
      data: { id: string; forename: string; surname: string }[];
    }
  ).data.slice(40, 42);
  expect(candidates).toHaveLength(2);
  const [held, free] = candidates as [(typeof candidates)[number], (typeof candidates)[number]];
  const rates = (
    (await (await page.request.get('/api/nxsys/payment-rates?size=100')).json()) as {
      data: { id: string; code: string; defaultVATCode?: string | { id: string } | null }[];
    }
  ).data;
  const pr100 = rates.find((r) => r.code === 'PR100')!;
  const vatID = typeof pr100.defaultVATCode === 'object' ? pr100.defaultVATCode?.id : pr100.defaultVATCode;
  const made = await page.request.post('/api/timesheets', {
    data: {
      subcontractorRef: held.id,
      startDate: weekStart,
      endDate: weekEnd,
      taxYear,
      taxPeriodConfig: period,
      rates: [{ rateId: pr100.id, rate: '12.50', units: '30', vatID }],
    },
  });
  expect(made.status()).toBe(201);
  const { id } = ((await made.json()) as { data: { id: string } }).data;

  const csv = [
    ['Employee ID', 'Forename', 'Surname', 'Tax Period', 'Start Date', 'End Date', 'Payment Code', 'Description', 'Rate', 'Unit'],
    ...[held, free].map((c) => [c.id, c.forename, c.surname, String(period), dmy(weekStart), dmy(weekEnd), 'PR100', '', '12.50', '30']),
  ]
    .map((r) => r.join(','))
    .join('\r\n');
  await uploadAndPreview(
    page,
    '/timesheets/import',
    { name: 'held.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) },
    'every row is ready. 1 timesheet to create.',
  );
  await expect(page.getByRole('status')).toContainText('Nxsys already holds a timesheet for the candidate and period of 1 timesheet');
  const row = page.getByRole('table', { name: 'Timesheets to create' }).getByRole('row', { name: new RegExp(held.id) });
  await expect(row.getByTestId('held-in-nxsys')).toHaveText(`Nxsys already holds ${id} (${dmy(weekStart)}–${dmy(weekEnd)})`);
  await expect(row.getByRole('link', { name: id, exact: true })).toHaveAttribute('href', `/timesheets/${id}`);
  const sendAnyway = row.getByRole('checkbox', { name: 'Send anyway' });
  await expect(sendAnyway).not.toBeChecked();
  await sendAnyway.check();
  await expect(page.getByRole('button', { name: 'Import 2 timesheets' })).toBeEnabled();
  await sendAnyway.uncheck();
  await expect(page.getByRole('button', { name: 'Import 1 timesheet' })).toBeEnabled();
});
