// A week entered as hours per day per payment code becomes one timesheet with the week's tax period; that
// timesheet is then copied to the next week (selected, previewed, sent through the import job).
import { expect, test } from '@playwright/test';
import { WESTFIELD_ADMIN, WESTFIELD_NXSYS_USER, ensureConnected, signedIn, goto } from './helpers';

test.setTimeout(120_000);

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

test('enter a week in the grid, then copy it to the next week', async ({ page }) => {
  await signedIn(page, WESTFIELD_ADMIN);
  await ensureConnected(page, WESTFIELD_NXSYS_USER);
  const candidate = ((await (await page.request.get('/api/nxsys/candidates?size=5')).json()) as { data: { id: string }[] }).data[3]!;
  // A Monday no other run used (a reused server keeps its sandbox), and no week imports.spec.ts uses on Westfield in
  // the same minute: a timesheet the other test made there would be flagged as already held by the copy.
  const monday = addDays('2039-04-04', 7 * (Math.floor(Date.now() / 60_000) % 400));

  await goto(page, '/timesheets');
  await page.getByRole('link', { name: 'Enter a week' }).click();
  await expect(page.getByRole('heading', { name: 'Enter a week' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Candidate' }).fill(candidate.id);
  await page.getByRole('option', { name: new RegExp(candidate.id) }).click();
  await page.getByLabel('Week starting').fill(monday);
  await expect(page.getByText(new RegExp(`${dmy(monday)}–${dmy(addDays(monday, 6))}: tax year \\d{4}/\\d{2}, week \\d+`))).toBeVisible();
  await page.getByLabel('Row 1 payment code').selectOption({ label: 'PR100 — Basic hourly' });
  await expect(page.getByLabel('Row 1 VAT code')).not.toHaveValue(''); // the rate's default VAT code
  await page.getByLabel('Row 1 rate').fill('12.50');
  for (const day of ['Mon', 'Tue', 'Wed', 'Thu']) await page.getByLabel(`Row 1 ${day} hours`).fill('7.5');
  await page.getByLabel('Row 1 Fri hours').fill('25');
  await page.getByRole('button', { name: 'Create timesheet' }).click();
  await expect(page.getByLabel('Row 1 Fri hours')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Row 1 Fri hours').fill('4');
  await expect(page.getByTestId('row-1-hours')).toHaveText('34');
  await page.getByRole('button', { name: 'Add payment code' }).click();
  await page.getByLabel('Row 2 payment code').selectOption({ label: 'PR101 — Basic daily' });
  await page.getByLabel('Row 2 rate').fill('100');
  await page.getByLabel('Row 2 Sat hours').fill('1');
  await page.getByRole('button', { name: 'Create timesheet' }).click();
  await expect(page.getByRole('heading', { name: /^Timesheet TS-\d+$/ })).toBeVisible();
  const id = (await page.getByRole('heading', { name: /^Timesheet TS-\d+$/ }).textContent())!.replace('Timesheet ', '').trim();

  // Copy it to the next week.
  await goto(page, '/timesheets');
  await page.getByRole('link', { name: 'Copy to next period' }).click();
  await expect(page.getByRole('heading', { name: 'Copy to next period' })).toBeVisible();
  await page.getByLabel('Period from').fill(monday);
  await page.getByLabel('Period to').fill(addDays(monday, 6));
  await page.getByRole('checkbox', { name: `Select ${id}` }).check();
  await page.getByRole('button', { name: 'Preview copies of 1 timesheet' }).click();
  const copyRow = page.getByRole('table', { name: 'Copies to create' }).getByRole('row', { name: new RegExp(id) });
  await expect(copyRow).toContainText(`${dmy(addDays(monday, 7))}–${dmy(addDays(monday, 13))}`);
  await expect(copyRow).toContainText('34 × £12.50');
  await page.getByRole('button', { name: 'Copy 1 timesheet to the next period' }).click();
  await expect(page.getByTestId('import-status')).toHaveText('Finished', { timeout: 30_000 });
  await expect(page.getByTestId('import-counts')).toHaveText('1 of 1 timesheets done: 1 created, 0 failed.');
  const copyId = (await page.getByRole('link', { name: /^TS-\d+$/ }).textContent())!;
  expect(copyId).not.toBe(id);
});
