import { expect, test } from '@playwright/test';
import { addDays, mondayOf } from '@/lib/timesheets/week-days';
import { ukTaxWeek } from '@/lib/tax-period';
import { ADMIN, demoAgencyConnected, expectPhoneWideAndAxeClean, goto, reload, signedIn } from './helpers';

test.setTimeout(120_000);
test.beforeAll(({ browser }) => demoAgencyConnected(browser));

// Today in UK time, as the to-do list counts periods.
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
  new Date(),
);
const dmy = (iso: string) => iso.split('-').reverse().join('/');

test('the dashboard lists a worker whose timesheet is missing this week, and "Enter these N" opens the grid for them', async ({ page }) => {
  await signedIn(page, ADMIN);
  // A worker no other spec uses, with a timesheet in each of the two weeks before this one (entered here; a reused
  // server may hold them already) and none this week.
  const candidates = ((await (await page.request.get('/api/nxsys/candidates?size=100')).json()) as { data: { id: string }[] }).data;
  const worker = candidates[47]!.id;
  const rates = (
    (await (await page.request.get('/api/nxsys/payment-rates?size=100')).json()) as {
      data: { id: string; code: string; defaultVATCode?: string | { id: string } | null }[];
    }
  ).data;
  const pr100 = rates.find((r) => r.code === 'PR100')!;
  const vatID = typeof pr100.defaultVATCode === 'object' ? pr100.defaultVATCode?.id : pr100.defaultVATCode;
  const thisWeek = mondayOf(today);
  for (const start of [addDays(thisWeek, -14), addDays(thisWeek, -7)]) {
    const week = ukTaxWeek(start)!;
    const made = await page.request.post('/api/timesheets', {
      data: {
        subcontractorRef: worker,
        startDate: start,
        endDate: addDays(start, 6),
        taxYear: week.taxYear,
        taxPeriodConfig: week.period,
        rates: [{ rateId: pr100.id, rate: '12.50', units: '30', vatID }],
      },
    });
    expect([201, 409]).toContain(made.status());
  }

  await goto(page, '/');
  const item = page.getByTestId('todo-missing-weekly');
  await expect(item).toContainText(`without a timesheet this week (${dmy(thisWeek)} – ${dmy(addDays(thisWeek, 6))})`);
  await expect(item).toContainText(worker);
  const enter = item.getByRole('link', { name: /^Enter these \d+$/ });
  const href = new URL((await enter.getAttribute('href'))!, 'http://x');
  expect(href.pathname).toBe('/timesheets/week');
  expect(href.searchParams.get('start')).toBe(thisWeek);
  expect(href.searchParams.get('candidates')!.split(',')).toContain(worker);
  const copy = new URL((await item.getByRole('link', { name: 'Copy last week' }).getAttribute('href'))!, 'http://x');
  expect(copy.searchParams.get('from')).toBe(addDays(thisWeek, -7));

  await expectPhoneWideAndAxeClean(page, '/');

  // "Copy last week": last week's timesheets, the worker's own chosen already.
  await goto(page, `${copy.pathname}${copy.search}`);
  await expect(page.getByRole('row').filter({ hasText: worker }).getByRole('checkbox')).toBeChecked();
  await goto(page, '/');

  await enter.click();
  await expect(page).toHaveURL(/\/timesheets\/week\?candidates=/);
});

test('an admin chooses the weekly reminder’s day and time, and it is kept', async ({ page }) => {
  await signedIn(page, ADMIN);
  await goto(page, '/staff');
  await page.getByRole('link', { name: 'Weekly timesheet reminders' }).click();
  await expect(page.getByRole('heading', { name: 'Timesheet reminders' })).toBeVisible();
  // Left switched off: a reminder switched on here would e-mail the demo agency's people during other specs.
  await expect(page.getByRole('checkbox', { name: 'Send the weekly reminder' })).not.toBeChecked();
  const day = (await page.getByLabel('Day').inputValue()) === '5' ? 'Thursday' : 'Friday';
  await page.getByLabel('Day').selectOption({ label: day });
  await page.getByLabel('Time', { exact: true }).fill('16:30');
  await page.getByRole('button', { name: 'Save reminder setting' }).click();
  await expect(page.getByText('Reminders are off.')).toBeVisible();
  await reload(page);
  await expect(page.getByLabel('Day')).toHaveValue(day === 'Friday' ? '5' : '4');
  await expect(page.getByLabel('Time', { exact: true })).toHaveValue('16:30');
});
