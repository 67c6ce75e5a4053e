// Issue 32's "done when": a staff member opens last week's run, sees the unpaid timesheet, the value difference and
// the duplicate payslip called out, marks them checked with notes, downloads the review, and the dashboard's to-do
// for that run goes. On Westfield's sandbox company (COM-4), whose week-33 run pays three workers.
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import { SANDBOX_API, WESTFIELD_ADMIN, WESTFIELD_NXSYS_USER, ensureConnected, expectPhoneWideAndAxeClean, goto, signedIn } from './helpers';

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

const RUN = '/payslips/runs/2026/33';
let made: {
  valueDiffers: { payslipId: string; name: string };
  duplicate: { payslipIds: string[]; name: string };
  unpaid: { timesheetId: string; name: string };
};

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signedIn(page, WESTFIELD_ADMIN);
  await ensureConnected(page, WESTFIELD_NXSYS_USER);
  await page.close();
  // Last week's run goes wrong in Nxsys (sandbox/payslip-runs.ts): one value, one worker paid twice, one left unpaid.
  const response = await fetch(`${SANDBOX_API}/__sandbox/payslip-runs/differences`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ companyId: 'COM-4', taxYear: 2026, taxPeriod: 33 }),
  });
  expect(response.status).toBe(200);
  made = await response.json();
});

const difference = (page: Page, kind: string) => page.locator(`[data-testid="difference"][data-kind="${kind}"]`);

async function markChecked(page: Page, kind: string, note: string) {
  const item = difference(page, kind);
  await item.getByRole('textbox').fill(note);
  await item.getByRole('button', { name: 'Mark checked' }).click();
  await expect(item.getByTestId('checked-mark')).toContainText(note);
}

test('a staff member reviews last week’s run: the differences called out, two checked with notes, the review downloaded', async ({
  page,
}) => {
  await signedIn(page, WESTFIELD_ADMIN);
  await goto(page, '/');
  await page.getByRole('button', { name: 'Refresh' }).click(); // Nxsys changed behind the portal's back: read it again
  const todo = page.getByTestId('pay-runs-todo');
  await expect(todo.getByRole('link', { name: 'Check 2026/27 week 33' })).toBeVisible({ timeout: 30_000 });
  await expect(todo).toContainText('3 differences open');
  await todo.getByRole('link', { name: 'Check 2026/27 week 33' }).click();
  await expect(page).toHaveURL(new RegExp(`${RUN}$`));
  await expect(page.getByRole('heading', { name: 'Pay run 2026/27 week 33' })).toBeVisible();
  await expect(page.getByTestId('run-status')).toHaveText('3 of 3 differences open');

  // Each difference, in plain English with £ amounts.
  await expect(difference(page, 'value')).toContainText(made.valueDiffers.name);
  await expect(difference(page, 'value')).toContainText(
    /Timesheet value £[\d,]+\.\d{2} on the payslip; the timesheets total £[\d,]+\.\d{2} \(difference £10\.00\)\./,
  );
  await expect(difference(page, 'duplicate')).toContainText(`2 payslips for ${made.duplicate.name} in this run`);
  for (const id of made.duplicate.payslipIds) await expect(difference(page, 'duplicate')).toContainText(id);
  await expect(difference(page, 'unpaid')).toContainText(`Timesheet ${made.unpaid.timesheetId}`);
  await expect(difference(page, 'unpaid')).toContainText('is approved but not paid in this run');
  // The documented payslip carries the worker's name only: every row says it was matched by name.
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(3); // the changed payslip and the duplicate pair
  for (const match of await page.getByTestId('match').allTextContents()) expect(match).toBe('by name');

  // A note is required, at the field.
  await difference(page, 'value').getByRole('button', { name: 'Mark checked' }).click();
  await expect(difference(page, 'value').getByRole('alert')).toHaveText('Write a note: what you found or did.');
  await markChecked(page, 'value', 'Overtime added in Nxsys after the export; agreed with the umbrella');
  await markChecked(page, 'duplicate', 'Asked the umbrella to recall the second payslip');
  await expect(page.getByTestId('run-status')).toHaveText('1 of 3 differences open');
  await expect(difference(page, 'value').getByTestId('checked-mark')).toContainText('Checked by');

  // The review as CSV and XLSX, with the differences and the notes.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
  const csv = (await readFile((await csvDownload.path())!, 'utf8')).replace(/^\uFEFF/, '');
  expect(csv.split('\r\n')[0]).toBe(
    'Pay run,Payslip ID,Candidate,Candidate ID,Matched,Currency,Timesheet value,Timesheets total,Timesheet IDs,Margin,Gross pay,Difference,Details,Checked by,Checked at,Note',
  );
  expect(csv).toContain('Timesheet value differs');
  expect(csv).toContain('Overtime added in Nxsys after the export; agreed with the umbrella');
  expect(csv).toContain(made.unpaid.timesheetId);
  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export XLSX' }).click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await xlsxDownload.path())!);
  const cells = workbook.worksheets[0]!.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.map(String) : []));
  expect(cells).toContain('Asked the umbrella to recall the second payslip');
  expect(cells).toContain('Not paid in this run');

  // The run's payslips as one ZIP of PDFs.
  const [zipDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Payslip PDFs (ZIP)' }).click()]);
  const zip = await readFile((await zipDownload.path())!);
  expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
  expect(zip.toString('latin1').match(/%PDF-/g)).toHaveLength(3);

  await expectPhoneWideAndAxeClean(page, RUN);
});

test('the dashboard’s to-do for the run goes once every difference is checked', async ({ page }) => {
  await signedIn(page, WESTFIELD_ADMIN);
  await goto(page, '/');
  const todo = page.getByTestId('pay-runs-todo');
  await expect(todo).toContainText('1 difference open', { timeout: 30_000 });
  await todo.getByRole('link', { name: 'Check 2026/27 week 33' }).click();
  await markChecked(page, 'unpaid', 'Paid in this week’s run instead');
  await expect(page.getByTestId('run-status')).toHaveText('All checked');
  await goto(page, '/payslips/runs');
  await expect(page.getByRole('listitem').filter({ hasText: '2026/27 week 33' }).getByTestId('run-status')).toHaveText('All checked');
  await expectPhoneWideAndAxeClean(page, '/payslips/runs');
  await goto(page, '/');
  await expect(page.getByRole('link', { name: 'Pay runs to check' })).toBeVisible();
  // The to-do no longer lists the run (the "Latest payslip run" card still links to it: it is the latest).
  await expect(page.getByTestId('pay-runs-todo-empty').or(page.getByTestId('pay-runs-todo'))).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('pay-runs-todo').getByRole('link', { name: 'Check 2026/27 week 33' })).toHaveCount(0);
});
