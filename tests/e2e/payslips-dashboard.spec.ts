import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import {
  ADMIN,
  OTHER_AGENCY_ADMIN,
  STAFF,
  clearSandboxFaults,
  demoAgencyConnected,
  ensureConnected,
  sandboxControl,
  signedIn,
  goto,
  reload,
} from './helpers';

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

let payslipId = '';

test.beforeAll(({ browser }) => demoAgencyConnected(browser));

test("staff review a candidate's payslips, open one, download its PDF and export the list as CSV", async ({ page }) => {
  await signedIn(page, STAFF);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payslips' }).click();
  await expect(page.getByRole('row').nth(1).getByRole('link', { name: /^PL-/ })).toBeVisible();

  // From a candidate's own page to their payslips (the seventh seeded UK candidate works every week).
  await goto(page, '/candidates');
  const worker = page.getByRole('row').nth(7).getByRole('link').first();
  const name = (await worker.textContent())!.trim();
  await worker.click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'Payslips', exact: true }).click(); // the candidate page's link, once it has loaded
  await expect(page).toHaveURL(/subcontractorIds=SR-\d+/);
  const rows = page.getByRole('row').filter({ has: page.getByRole('link', { name: /^PL-/ }) });
  await expect(rows.first()).toBeVisible();
  // The documented payslip item names the candidate (no id): the portal matches on the name and counts every match.
  await expect(page.getByTestId('page-range')).toContainText(' of ');
  const shown = Number((await page.getByTestId('page-range').textContent())!.split(' of ')[1]);
  expect(shown).toBeGreaterThan(0);
  for (let i = 0; i < (await rows.count()); i++) await expect(rows.nth(i)).toContainText(name);

  // One payslip: the full breakdown, then its PDF.
  const link = rows.first().getByRole('link', { name: /^PL-/ });
  payslipId = (await link.textContent())!.trim();
  const listedNet = (await rows.first().getByRole('cell').last().textContent())!.trim();
  await link.click();
  await expect(page.getByRole('heading', { name: `Payslip ${payslipId}` })).toBeVisible();
  await expect(page).toHaveURL(/taxYear=\d{4}&taxPeriod=\d+/); // the link carries what finds the payslip again
  const net = (await page.getByTestId('net-pay').textContent())!.trim();
  expect(net).toMatch(/^-?£[\d,]+\.\d{2}$/);
  expect(net).toBe(listedNet);
  for (const row of ['Timesheet value', 'Umbrella margin', 'Gross pay', 'Income tax', "Employee's National Insurance", 'Holiday pay']) {
    await expect(page.getByRole('rowheader', { name: row, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();

  const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()]);
  expect(pdfDownload.suggestedFilename()).toBe(`payslip-${payslipId}.pdf`);
  const pdfBytes = await readFile((await pdfDownload.path())!);
  expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdfBytes)), { mergePages: true });
  expect(text).toContain(payslipId);
  expect(text).toContain(`Net pay ${net}`);

  // The candidate's whole list, every page, as CSV.
  await page.goBack();
  await expect(page).toHaveURL(/subcontractorIds=SR-\d+/);
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
  const csv = (await readFile((await csvDownload.path())!, 'utf8'))
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(csv[0]).toMatch(/^Payslip ID,Candidate ID,Candidate,Tax year,Tax period,Period,Pay frequency,Payment model,Pay date,Currency,/);
  expect(csv[0]).toMatch(/,Net pay$/);
  expect(csv.length - 1).toBe(shown);
  expect(csv.slice(1).every((line) => line.split(',')[2] === name)).toBe(true);
  const exported = csv.find((line) => line.startsWith(`${payslipId},`))!;
  expect(exported.split(',').at(-1)).toBe(net.replace(/[£,]/g, ''));
});

test('the payslip list filters by tax year and period from the URL', async ({ page }) => {
  await signedIn(page, STAFF);
  await goto(page, '/payslips');
  await page.getByLabel('Tax year').fill('2026');
  await page.getByLabel('Tax year').press('Enter');
  await expect(page).toHaveURL(/taxYear=2026/);
  await page.getByLabel('Tax period').fill('27');
  await page.getByLabel('Tax period').press('Enter');
  await expect(page).toHaveURL(/taxPeriod=27/);
  const rows = page.getByRole('row').filter({ has: page.getByRole('link', { name: /^PL-/ }) });
  await expect(rows.first().locator('td:nth-child(3)')).toHaveText('2026/27 week 27'); // the filtered page has replaced the previous one
  // Nxsys documents no payslip filters: the portal checks every row it shows.
  for (const period of await rows.locator('td:nth-child(3)').allTextContents()) expect(period).toBe('2026/27 week 27');
  await reload(page);
  await expect(page.getByLabel('Tax year')).toHaveValue('2026');
});

test('while Nxsys is failing, a download says so on the page and the dashboard shows honest placeholders', async ({ page }) => {
  await signedIn(page, OTHER_AGENCY_ADMIN);
  await ensureConnected(page, 'payroll@harbour.example');
  await goto(page, '/payslips');
  await page.getByRole('link', { name: /^PL-/ }).first().click();
  const net = page.getByTestId('net-pay');
  await expect(net).toHaveText(/£/);
  try {
    // Only this agency's umbrella company (COM-2) fails, so tests running alongside are not disturbed.
    await sandboxControl('faults', { failRate: 1, failStatus: 503, companyId: 'COM-2' });
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.getByRole('link', { name: 'Download PDF' }).click();
    await expect(page.getByText('Nxsys is not responding properly right now. Please try again in a moment.')).toBeVisible();
    await expect(net).toHaveText(/£/); // still on the payslip, nothing lost
    expect(downloads).toBe(0);

    await goto(page, '/');
    await expect(page.getByTestId('dashboard-connection')).toContainText('Connected');
    await page.getByRole('button', { name: 'Refresh' }).click(); // past the figures kept from an earlier visit
    await expect(page.getByTestId('dashboard-unavailable')).toHaveCount(2); // the third card is from our own records
    await expect(page.getByTestId('dashboard-unavailable').first()).toContainText('Not available right now.');
  } finally {
    await clearSandboxFaults('COM-2');
  }
  // Failures are kept only a few seconds: the counts come back on a later visit without anyone doing anything.
  await expect(async () => {
    await reload(page);
    await expect(page.getByTestId('not-approved-count')).toHaveText(/^\d+\+?$/, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId('latest-run-count')).toHaveText(/^\d+\+?$/);
  await expect(page.getByTestId('onboarded-count')).toHaveText(/^\d+$/);
  const count = (await page.getByTestId('not-approved-count').textContent())!;
  await page.getByRole('link', { name: 'Timesheets not yet approved' }).click();
  await expect(page).toHaveURL(/\/timesheets\?notApproved=1/);
  // The list counts the same rows the card did (the portal filters on the documented approveStatus itself).
  if (!count.endsWith('+')) await expect(page.getByTestId('page-range')).toContainText(`of ${Number(count).toLocaleString('en-GB')}`);
  for (const status of await page.locator('tbody tr td:nth-child(4)').allTextContents()) expect(status).not.toBe('Approved');
});

test('admins see who did what on the activity page, filtered by person and action', async ({ page }) => {
  await signedIn(page, ADMIN);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
  await page.getByLabel('Action').selectOption({ label: 'Downloaded a payslip' });
  await page.getByLabel('Person').selectOption({ label: STAFF.name });
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/action=payslip\.downloaded/);
  const row = page.getByRole('row', { name: new RegExp(payslipId) }).first(); // newest first (a retried download adds another)
  await expect(row).toContainText(STAFF.name);
  await expect(row).toContainText('Downloaded a payslip');
  await page.getByLabel('Action').selectOption({ label: 'Exported payslips' });
  await page.getByRole('button', { name: 'Filter' }).click();
  const exported = page.getByRole('row', { name: /Exported payslips/ }).first();
  await expect(exported).toContainText('subcontractorIds=SR-');
  await expect(exported).not.toContainText('candidateName'); // ids only in the log
  await page.getByLabel('Action').selectOption({ label: 'Connected Nxsys' });
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByText('No activity matches these filters.')).toBeVisible();
  await page.getByRole('link', { name: 'Clear' }).click();
  await expect(page).toHaveURL(/\/activity$/);
  await page.getByLabel('From', { exact: true }).fill('2026-12-01');
  await page.getByLabel('To', { exact: true }).fill('2026-11-01');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The “From” date is after the “To” date' })).toBeVisible();
});

/** "£1,234.56" / "-€20.00" → [currency sign, pence]; an amount without a sign → ['', pence]. */
const amountOf = (text: string): [string, number] => {
  const m = /^(-?)([£€]?)([\d,]+)\.(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`not an amount: ${text}`);
  return [m[2]!, (m[1] ? -1 : 1) * Number(`${m[3]!.replace(/,/g, '')}${m[4]}`)];
};
/** What each currency's rows add up to, formatted as the portal shows totals: "£1,200.00 · €576.00". */
const perCurrency = (cells: string[]) => {
  const sums = new Map<string, number>();
  for (const [sign, pence] of cells.map(amountOf)) sums.set(sign, (sums.get(sign) ?? 0) + pence);
  const money = (sign: string, pence: number) =>
    `${pence < 0 ? '-' : ''}${sign}${Math.floor(Math.abs(pence) / 100).toLocaleString('en-GB')}.${String(Math.abs(pence) % 100).padStart(2, '0')}`;
  return ['£', '€'].flatMap((sign) => (sums.has(sign) ? [money(sign, sums.get(sign)!)] : [])).join(' · ');
};

test('totals over UK and Irish payslips are per currency: the payslip list and the dashboard never add £ and €', async ({ page }) => {
  await signedIn(page, STAFF);
  await goto(page, '/');
  const runLink = page.getByRole('link', { name: /^\d{4}\/\d{2} (week|month) \d+$/ });
  await expect(runLink).toBeVisible({ timeout: 30_000 });
  const inRun = Number(await page.getByTestId('latest-run-count').textContent());
  const dashboardNet = (await page.getByTestId('latest-run-net').textContent())!.trim();
  await runLink.click();
  await expect(page).toHaveURL(/taxYear=\d{4}&taxPeriod=\d+/);
  await goto(page, `${page.url()}&size=100`);
  const rows = page.getByRole('row').filter({ has: page.getByRole('link', { name: /^PL-/ }) });
  await expect(rows.first()).toBeVisible({ timeout: 30_000 }); // the whole list is read
  const gross = await rows.locator('td:nth-child(6)').allTextContents();
  const net = await rows.locator('td:nth-child(7)').allTextContents();
  // The seeded run pays UK and Irish candidates alike: both currencies on one page.
  expect(net.some((n) => n.includes('£')) && net.some((n) => n.includes('€'))).toBe(true);
  expect(net.every((n) => /[£€]/.test(n))).toBe(true);
  const totals = page.getByTestId('payslip-totals');
  await expect(totals).toHaveText(`On this page: gross ${perCurrency(gross)}, net pay ${perCurrency(net)}`);
  await expect(totals).toHaveText(/£[\d,]+\.\d{2} · €[\d,]+\.\d{2}/);
  // The dashboard's run total is the same per-currency sum (the seeded run fits on this page).
  expect(net).toHaveLength(inRun);
  expect(dashboardNet).toBe(perCurrency(net));
});
