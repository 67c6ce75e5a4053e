// A person's way through every list and detail page on a Nxsys that does only what its docs show (the sandbox's
// default profile): paging without totals, every detail page opened from its list, no invented value. The same
// journey must pass with SANDBOX_PROFILE=extended and with SANDBOX_UK_READ_BY_ID=off (see README, "Tests").
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { SANDBOX_EXTENDED, UK_READ_BY_ID, WESTFIELD_ADMIN, WESTFIELD_NXSYS_USER, ensureConnected, signedIn, goto } from './helpers';

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signedIn(page, WESTFIELD_ADMIN);
  await ensureConnected(page, WESTFIELD_NXSYS_USER);
  await page.close();
});

const dataRows = (page: Page) => page.locator('tbody tr').filter({ has: page.getByRole('link') });

test('a 45-row candidate list pages to its short last page at 20 a page', async ({ page }) => {
  await signedIn(page, WESTFIELD_ADMIN);
  await goto(page, '/candidates');
  const range = page.getByTestId('page-range');
  const next = page.getByRole('button', { name: 'Next' });
  await expect(dataRows(page)).toHaveCount(20);
  await expect(range).toHaveText(SANDBOX_EXTENDED ? '1–20 of 45' : '1–20'); // totals only when Nxsys sends them
  await expect(next).toBeEnabled(); // a full page offers Next
  await next.click();
  await expect(range).toHaveText(SANDBOX_EXTENDED ? '21–40 of 45' : '21–40');
  await expect(dataRows(page)).toHaveCount(20);
  await next.click();
  await expect(range).toHaveText(SANDBOX_EXTENDED ? '41–45 of 45' : '41–45');
  await expect(dataRows(page)).toHaveCount(5);
  await expect(page.getByTestId('page-number')).toHaveText(SANDBOX_EXTENDED ? 'Page 3 of 3' : 'Page 3');
  await expect(next).toBeDisabled();
  await expect(page).toHaveURL(/page=3/);

  // A UK candidate from the last page.
  const last = dataRows(page).last().getByRole('link');
  const name = (await last.textContent())!.trim();
  await last.click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByTestId('candidate-ni-number')).toHaveText(/^[A-Z]{2}\d{6}[A-D]$/);
  await expect(page.getByTestId('candidate-mobile')).not.toHaveText('—');
  if (UK_READ_BY_ID) {
    await expect(page.getByTestId('candidate-date-of-birth')).toHaveText(/^\d{2}\/\d{2}\/\d{4}$/); // dd/mm/yyyy
    await expect(page.getByTestId('candidate-pension')).toHaveText('Nest, Opted in');
  } else {
    // Only the list is there: what it does not hold is "—", never a default.
    await expect(page.getByTestId('list-only')).toBeVisible();
    for (const field of ['date-of-birth', 'gender', 'pay-frequency', 'pension', 'payment-model', 'account'])
      await expect(page.getByTestId(`candidate-${field}`)).toHaveText('—');
  }
});

test('an Irish candidate Nxsys sent no gender, pay settings or pension for shows "—" for each, not a default', async ({ page }) => {
  await signedIn(page, WESTFIELD_ADMIN);
  await goto(page, '/candidates?country=ie');
  await expect(dataRows(page)).toHaveCount(3);
  await dataRows(page).nth(1).getByRole('link').click(); // every other seeded Irish candidate is sparse
  await expect(page.getByTestId('candidate-pps-number')).toHaveText(/^\d{7}[A-W]$/);
  await expect(page.getByTestId('candidate-account')).toContainText('IE');
  for (const field of ['gender', 'pay-frequency', 'pay-method', 'pension'])
    await expect(page.getByTestId(`candidate-${field}`)).toHaveText('—');
  await expect(page.getByTestId('candidate-payment-model')).toHaveText('PAYE'); // Nxsys's PAYEE, in words
  await expect(page.getByText('Male', { exact: true })).toHaveCount(0);

  // Editing it asks for what is missing instead of inventing it.
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Gender')).toHaveValue('');
});

test('a payment rate and a timesheet open from their lists, with only what Nxsys sent', async ({ page }) => {
  await signedIn(page, WESTFIELD_ADMIN);
  await goto(page, '/payment-rates');
  await page.getByRole('link', { name: 'PR101' }).click();
  await expect(page.getByRole('heading', { name: 'PR101 · Basic daily' })).toBeVisible();
  await expect(page.getByLabel('Code', { exact: true })).toHaveAttribute('readonly', ''); // the update has no code
  await expect(page.getByLabel('Hours per unit')).toHaveValue('7.5');

  await goto(page, '/timesheets');
  const first = dataRows(page).first();
  const id = (await first.getByRole('link').first().textContent())!.trim();
  await first.getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: `Timesheet ${id}` })).toBeVisible();
  await expect(page.getByTestId('upstream-total')).toHaveText(/^£[\d,]+\.\d{2}$/);
  await expect(page.getByText(/Our arithmetic gives/)).toHaveCount(0);
  // The documented timesheet answer has no payment model: shown as "—" (the extended profile sends one).
  await expect(page.getByTestId('timesheet-payment-model')).toHaveText(SANDBOX_EXTENDED ? /Umbrella|PAYE|CIS/ : '—');
});

test('a payslip and its PDF open from the list, found without a payslip read by id', async ({ page }) => {
  await signedIn(page, WESTFIELD_ADMIN);
  await goto(page, '/payslips');
  const row = dataRows(page).first();
  const id = (await row.getByRole('link').textContent())!.trim();
  const listedNet = (await row.getByRole('cell').last().textContent())!.trim();
  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { name: `Payslip ${id}` })).toBeVisible();
  await expect(page.getByTestId('net-pay')).toHaveText(listedNet);
  // The documented payslip item has no pay date: "—" rather than a made-up one.
  await expect(page.getByTestId('payslip-pay-date')).toHaveText(SANDBOX_EXTENDED ? /^\d{2}\/\d{2}\/\d{4}$/ : '—');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()]);
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(await readFile((await download.path())!))), {
    mergePages: true,
  });
  expect(text).toContain(id);
  expect(text).toContain(`Net pay ${listedNet}`);

  // The dashboard's payslip links work too.
  await goto(page, '/');
  await page.locator('a[href^="/payslips/PL-"]').first().click();
  await expect(page.getByRole('heading', { name: /^Payslip PL-/ })).toBeVisible();
  await expect(page.getByTestId('net-pay')).toHaveText(/^£[\d,]+\.\d{2}$/);
});
