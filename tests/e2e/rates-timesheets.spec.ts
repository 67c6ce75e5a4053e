import { expect, test } from '@playwright/test';
import { ukTaxWeek } from '@/lib/tax-period';
import { STAFF, demoAgencyConnected, sandboxControl, signedIn, goto, reload } from './helpers';

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

const code = `PRE${String(Date.now()).slice(-8)}`;
let timesheetUrl = '';
// A week no other run used (a reused server keeps its sandbox): one timesheet per candidate and week is the rule.
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const monday = addDays('2032-04-05', 28 * (Math.floor(Date.now() / 60_000) % 400));
const sunday = addDays(monday, 6);

test.beforeAll(({ browser }) => demoAgencyConnected(browser));

test('staff create a payment rate with a VAT code; a duplicate code is refused at its field', async ({ page }) => {
  await signedIn(page, STAFF);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payment rates' }).click();
  await expect(page.getByRole('row', { name: /PR100/ })).toBeVisible();
  await page.getByRole('link', { name: 'New payment rate' }).click();
  // The browser's own check (the shared schema, loaded on first focus): its message at the field, focus there, nothing
  // sent and nothing typed lost.
  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/payment-rates') posts.push(request.url());
  });
  await page.getByLabel('Description', { exact: true }).fill('Site work hourly');
  await page.getByRole('button', { name: 'Create payment rate' }).click();
  await expect(page.getByLabel('Code', { exact: true })).toHaveAccessibleDescription('Enter a code of 2–20 characters');
  await expect(page.getByLabel('Code', { exact: true })).toBeFocused();
  await expect(page.getByLabel('Default VAT code')).toHaveAccessibleDescription('Choose a VAT code');
  await expect(page.getByLabel('Description', { exact: true })).toHaveValue('Site work hourly');
  expect(posts).toHaveLength(0);
  await page.getByLabel('Code', { exact: true }).fill(code);
  await expect(page.getByLabel('Code', { exact: true })).not.toHaveAccessibleDescription(/Enter a code/); // gone once fixed
  await page.getByLabel('Default VAT code').selectOption({ label: 'S — Standard (20%)' });
  await page.getByRole('button', { name: 'Create payment rate' }).click();
  await expect(page.getByText(`Payment rate ${code} was created.`)).toBeVisible();
  await expect(page.getByRole('heading', { name: `${code} · Site work hourly` })).toBeVisible();
  await reload(page); // the VAT codes now load after the form: the saved one is still the one selected
  await expect(page.getByLabel('Default VAT code')).toHaveValue('VC-1');

  await goto(page, '/payment-rates/new');
  await page.getByLabel('Code', { exact: true }).fill(code);
  await page.getByLabel('Description', { exact: true }).fill('Again');
  await page.getByLabel('Default VAT code').selectOption({ label: 'S — Standard (20%)' });
  await page.getByRole('button', { name: 'Create payment rate' }).click();
  // The route's refusal lands at its field too, with the focus.
  await expect(page.getByLabel('Code', { exact: true })).toHaveAccessibleDescription(
    new RegExp(`A payment rate with code ${code} already exists`),
  );
  await expect(page.getByLabel('Code', { exact: true })).toBeFocused();
  await expect(page.getByLabel('Description', { exact: true })).toHaveValue('Again');
});

test('staff create a timesheet with two lines, see the totals, fix a rejected line, and edit it', async ({ page }) => {
  await signedIn(page, STAFF);
  await goto(page, '/timesheets/new');
  await page.getByRole('combobox', { name: 'Candidate' }).fill('leo.smith.101000');
  await page.getByRole('option', { name: /SR-101000/ }).click();
  await page.getByLabel('Period start').fill(monday);
  await page.getByLabel('Period end').fill(sunday);
  await expect(page.getByLabel('Tax period (week)')).toHaveValue(String(ukTaxWeek(monday)!.period));

  const rateOption = new RegExp(`^${code} — `);
  await page
    .getByLabel('Line 1 payment rate')
    .selectOption({ label: (await page.getByLabel('Line 1 payment rate').locator('option', { hasText: rateOption }).textContent())! });
  await expect(page.getByLabel('Line 1 VAT code')).toHaveValue('VC-1'); // defaulted from the rate
  await page.getByLabel('Line 1 rate').fill('15.50');
  await page.getByLabel('Line 1 units').fill('10');
  await page.getByRole('button', { name: 'Add line' }).click();
  await page
    .getByLabel('Line 2 payment rate')
    .selectOption({ label: (await page.getByLabel('Line 2 payment rate').locator('option', { hasText: rateOption }).textContent())! });
  await page.getByLabel('Line 2 rate').fill('10.005');
  await page.getByLabel('Line 2 units').fill('-2');
  await page.getByRole('button', { name: 'Create timesheet' }).click();
  await expect(page.getByText('The units cannot be negative')).toBeVisible();
  await page.getByLabel('Line 2 units').fill('2');

  // 15.50 × 10 = 155.00 and 10.005 × 2 = 20.01 (half up); VAT per line 31.00 + 4.00.
  await expect(page.getByTestId('total-net')).toHaveText('£175.01');
  await expect(page.getByTestId('total-vat')).toHaveText('£35.00');
  await expect(page.getByTestId('total')).toHaveText('£210.01');
  await page.getByRole('button', { name: 'Create timesheet' }).click();
  await expect(page.getByText('The timesheet was created.')).toBeVisible();
  await expect(page.getByTestId('upstream-total')).toHaveText('£210.01');
  await expect(page.getByText(/Our arithmetic gives/)).toHaveCount(0);
  timesheetUrl = new URL(page.url()).pathname;

  await page.getByLabel('Line 1 units').fill('12');
  await expect(page.getByTestId('total')).toHaveText('£247.21');
  await page.getByRole('button', { name: 'Save lines' }).click();
  await expect(page.getByText('The timesheet was updated.')).toBeVisible();
  await expect(page.getByTestId('upstream-total')).toHaveText('£247.21');
});

test('a second timesheet for the same candidate and week shows the existing one and asks; "create another" creates it', async ({
  page,
}) => {
  const existingId = timesheetUrl.split('/').pop()!;
  expect(existingId).toMatch(/^TS-\d+$/); // made by the test above
  await signedIn(page, STAFF);
  await goto(page, '/timesheets/new');
  await page.getByRole('combobox', { name: 'Candidate' }).fill('leo.smith.101000');
  await page.getByRole('option', { name: /SR-101000/ }).click();
  await page.getByLabel('Period start').fill(addDays(monday, 2)); // overlaps it (Wednesday to Tuesday)
  await page.getByLabel('Period end').fill(addDays(sunday, 2));
  await page.getByLabel('Line 1 payment rate').selectOption({ index: 1 });
  await page.getByLabel('Line 1 rate').fill('12');
  await page.getByLabel('Line 1 units').fill('8');
  await page.getByRole('button', { name: 'Create timesheet' }).click();

  const prompt = page.getByTestId('timesheet-exists');
  await expect(prompt).toContainText(`Timesheet ${existingId}`);
  await expect(prompt).toContainText('Create another anyway?');
  await expect(prompt.getByRole('link', { name: `Open ${existingId}` })).toHaveAttribute('href', `/timesheets/${existingId}`);
  await expect(page).toHaveURL(/\/timesheets\/new$/);

  await prompt.getByRole('button', { name: 'Create another anyway' }).click();
  await expect(page.getByText('The timesheet was created.')).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Timesheet TS-\d+$/ })).not.toHaveText(`Timesheet ${existingId}`);
  expect(new URL(page.url()).pathname).not.toBe(timesheetUrl);
});

test('a line field error lands at the line’s field: from the browser’s check and from Nxsys', async ({ page }) => {
  await signedIn(page, STAFF);
  await goto(page, '/timesheets/new');
  let sent = 0;
  page.on('request', (r) => void (r.method() === 'POST' && new URL(r.url()).pathname === '/api/timesheets' && sent++));
  await page.getByRole('combobox', { name: 'Candidate' }).fill('leo.smith.101000');
  await page.getByRole('option', { name: /SR-101000/ }).click();
  await page.getByLabel('Period start').fill(addDays(monday, 14)); // clear of the two sheets above
  await page.getByLabel('Period end').fill(addDays(sunday, 14));
  await page.getByLabel('Line 1 payment rate').selectOption({ index: 1 });
  await page.getByLabel('Line 1 rate').fill('12');
  await page.getByLabel('Line 1 units').fill('8');
  await page.getByRole('button', { name: 'Add line' }).click();
  await page.getByLabel('Line 2 payment rate').selectOption({ index: 1 });
  await page.getByLabel('Line 2 rate').fill('10');
  await page.getByLabel('Line 2 units').fill('eight');

  // The browser's check (the route's schema, loaded on first focus): the message at line 2's units, focus there,
  // nothing sent.
  await page.getByRole('button', { name: 'Create timesheet' }).click();
  const units2 = page.getByLabel('Line 2 units');
  await expect(units2).toHaveAttribute('aria-invalid', 'true');
  await expect(units2).toHaveAccessibleDescription('Enter the units as a number, e.g. 12.50');
  await expect(units2).toBeFocused();
  await expect(page.getByLabel('Line 1 units')).toHaveAttribute('aria-invalid', 'false');
  expect(sent).toBe(0);

  // Nxsys refuses line 2's payment rate (the request is altered on its way, as if the rate had gone meanwhile): its
  // message at line 2's payment rate, focus there, everything typed still there.
  await units2.fill('2');
  await expect(units2).toHaveAttribute('aria-invalid', 'false');
  await page.route('**/api/timesheets', async (route) => {
    const body = route.request().postDataJSON() as { rates: { rateId: string }[] };
    body.rates[1]!.rateId = 'PR-999999';
    await route.continue({ postData: JSON.stringify(body) });
  });
  await page.getByRole('button', { name: 'Create timesheet' }).click();
  const rate2 = page.getByLabel('Line 2 payment rate');
  await expect(rate2).toHaveAttribute('aria-invalid', 'true');
  await expect(rate2).toHaveAccessibleDescription(/rateId is not a payment rate of this company/);
  await expect(rate2).toBeFocused();
  await expect(page.getByText('Nxsys did not accept this: see the field marked below.')).toBeVisible();
  expect(sent).toBe(1);
  await expect(units2).toHaveValue('2');
  await expect(page.getByLabel('Line 2 rate')).toHaveValue('10');
  await expect(page).toHaveURL(/\/timesheets\/new$/);
});

test('staff find the timesheet by filter, and an approved one is read-only with the reason', async ({ page }) => {
  const id = timesheetUrl.split('/').pop()!;
  await signedIn(page, STAFF);
  await goto(page, '/timesheets');
  await page.getByLabel('Candidate id').fill('SR-101000');
  await page.getByLabel('Candidate id').blur();
  await page.getByLabel('Period from').fill(monday);
  await page.getByLabel('Period to').fill(sunday); // not the second one, which ends two days later
  await page.getByLabel('Status').selectOption('PENDING_AGENCY_APPROVAL');
  await expect(page).toHaveURL(/subcontractorRef=SR-101000/);
  await expect(page.getByRole('row', { name: new RegExp(id) })).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(2);

  await sandboxControl(`time-sheets/${id}/approve`);
  await goto(page, timesheetUrl);
  await expect(page.getByTestId('approval-status')).toHaveText('Approved');
  await expect(page.getByText('This timesheet is approved, so Nxsys no longer allows changes to it.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save lines' })).toHaveCount(0);
  await expect(page.getByLabel('Line 1 units')).toBeDisabled();
  // A fresh load shows each line's saved payment rate and VAT code, not "Choose".
  await expect(page.getByLabel('Line 1 payment rate').locator('option:checked')).toHaveText(new RegExp(`^${code} — `));
  await expect(page.getByLabel('Line 1 VAT code')).toHaveValue('VC-1');
});
