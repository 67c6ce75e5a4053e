// Issue 29's "Done when", as a staff member of Heron Recruitment (sandbox COM-5: three UK workers, no timesheets, an
// agency no other spec signs in to): the dashboard lists the 3 missing timesheets; "Enter these 3" opens the roster
// grid with them; one save makes 3 drafts (four-eyes review on); an admin approves them and sees them sent; the
// reminder e-mail lists a missing worker; the 12-week chart's table shows the new week's hours. Then the form's path
// into the review (helper A's test, moved here: review is switched on for this agency only, never for one other
// specs write to at the same time).
import { expect, test, type Browser, type Page } from '@playwright/test';
import { e2eQuery } from './db';
import {
  HERON_ADMIN,
  HERON_NXSYS_USER,
  HERON_STAFF,
  ensureConnected,
  expectPhoneWideAndAxeClean,
  goto,
  inboxCount,
  signedIn,
} from './helpers';
import { addDays, mondayOf } from '@/lib/timesheets/week-days';
import { ukTaxWeek } from '@/lib/tax-period';

test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
  new Date(),
);
const thisWeek = mondayOf(today);
const dmy = (iso: string) => iso.split('-').reverse().join('/');
const heron = async () => (await e2eQuery<{ id: string }>(`SELECT id FROM "Agency" WHERE name = 'Heron Recruitment'`))[0]!.id;

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signedIn(page, HERON_ADMIN);
  await ensureConnected(page, HERON_NXSYS_USER);
  await page.close();
});
test.afterAll(async () =>
  e2eQuery(`UPDATE "Agency" SET "reviewTimesheets" = false, "reminderEnabled" = false WHERE id = $1`, [await heron()]),
);

/** A person's own browser context (axe needs a page of a context, and each person has their own cookies). */
const pageOf = async (browser: Browser) => (await browser.newContext()).newPage();

async function workersAndRate(page: Page) {
  const workers = ((await (await page.request.get('/api/nxsys/candidates?size=100')).json()) as { data: { id: string }[] }).data.map(
    (c) => c.id,
  );
  const rates = (
    (await (await page.request.get('/api/nxsys/payment-rates?size=100')).json()) as {
      data: { id: string; code: string; defaultVATCode?: string | { id: string } | null }[];
    }
  ).data;
  const pr100 = rates.find((r) => r.code === 'PR100')!;
  const vatID = typeof pr100.defaultVATCode === 'object' ? pr100.defaultVATCode?.id : pr100.defaultVATCode;
  return { workers, pr100, vatID };
}

test('the pay week: 3 missing, entered in the grid as drafts, approved and sent, the reminder, the trend', async ({ browser }) => {
  const staff = await pageOf(browser);
  await signedIn(staff, HERON_STAFF);
  const { workers, pr100, vatID } = await workersAndRate(staff);
  expect(workers).toHaveLength(3);
  // The staff member entered each worker's timesheets of the two weeks before this one (review still off).
  for (const start of [addDays(thisWeek, -14), addDays(thisWeek, -7)])
    for (const worker of workers) {
      const week = ukTaxWeek(start)!;
      const made = await staff.request.post('/api/timesheets', {
        data: {
          subcontractorRef: worker,
          startDate: start,
          endDate: addDays(start, 6),
          taxYear: week.taxYear,
          taxPeriodConfig: week.period,
          rates: [{ rateId: pr100.id, rate: '12.50', units: '30', vatID }],
        },
      });
      expect(made.status()).toBe(201);
    }

  // An admin switches the review on and sets the weekly reminder (due since Monday 00:00, UK time).
  const admin = await pageOf(browser);
  await signedIn(admin, HERON_ADMIN);
  await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approvals' }).click();
  const review = admin.getByRole('checkbox', { name: 'Review timesheets before they go to Nxsys' });
  await review.check();
  await expect(admin.getByText('Timesheets are now reviewed before they go to Nxsys.')).toBeVisible();
  await goto(admin, '/staff/reminders');
  await admin.getByRole('checkbox', { name: 'Send the weekly reminder' }).check();
  await admin.getByLabel('Day').selectOption({ label: 'Monday' });
  await admin.getByLabel('Time', { exact: true }).fill('00:00');
  await admin.getByRole('button', { name: 'Save reminder setting' }).click();
  await expect(admin.getByText(/Reminders are on/)).toBeVisible();

  // The reminder's run (its schedule checks every 10 minutes; here its job is queued now, as the schedule would).
  await e2eQuery(`INSERT INTO pgboss.job (name, data) VALUES ('timesheet-reminder-agency', json_build_object('agencyId', $1::text))`, [
    await heron(),
  ]);
  await expect
    .poll(() => inboxCount(staff, HERON_STAFF.email, 'Timesheets missing: 3 workers'), { timeout: 60_000, intervals: [1000] })
    .toBe(1);
  const mail = staff.getByTestId('dev-mail').filter({ has: staff.getByRole('heading', { name: 'Timesheets missing: 3 workers' }) });
  for (const worker of workers) await expect(mail).toContainText(worker);

  // This week on the dashboard: the 3 workers, and "Enter these 3" opens the grid with them.
  await goto(staff, '/');
  const missing = staff.getByTestId('todo-missing-weekly');
  await expect(missing).toContainText(`3 workers without a timesheet this week (${dmy(thisWeek)} – ${dmy(addDays(thisWeek, 6))})`);
  await missing.getByRole('link', { name: 'Enter these 3' }).click();
  await expect(staff).toHaveURL(/\/timesheets\/week\?candidates=/);
  for (const [i, worker] of workers.entries()) {
    const row = staff.getByTestId(`worker-${worker}`);
    await row.getByLabel(/row 1 payment code$/).selectOption({ label: 'PR100 — Basic hourly' });
    await row.getByLabel(/row 1 rate/).fill('12.50');
    await row.getByLabel(/row 1 Mon hours/).fill(String(7 + i));
  }
  await staff.getByRole('button', { name: 'Save the week (3 workers)' }).click();
  await expect(staff).toHaveURL(/\/timesheets\/drafts/);
  for (const worker of workers)
    await expect(
      staff
        .getByRole('row')
        .filter({ hasText: worker })
        .filter({ hasText: dmy(thisWeek) }),
    ).toContainText('Waiting for review');
  expect(
    (
      await e2eQuery(`SELECT count(*)::int AS n FROM "TimesheetDraft" WHERE "agencyId" = $1 AND "startDate" = $2`, [
        await heron(),
        thisWeek,
      ])
    )[0]!.n,
  ).toBe(3);

  // The admin approves the three; the import job sends them, once each.
  await goto(admin, '/timesheets/review');
  for (const worker of workers)
    await admin.getByRole('checkbox', { name: new RegExp(`${worker}.*${dmy(thisWeek)} to ${dmy(addDays(thisWeek, 6))}`) }).check();
  await admin.getByRole('button', { name: 'Approve and send to Nxsys' }).click();
  await expect(admin).toHaveURL(/\/imports\/[^/]+$/);
  await expect(admin.getByTestId('import-status')).toHaveText('Finished', { timeout: 60_000 });
  await expect(admin.getByTestId('import-counts')).toHaveText('3 of 3 timesheets done: 3 created, 0 failed.');
  await goto(staff, '/timesheets/drafts');
  for (const worker of workers)
    await expect(
      staff
        .getByRole('row')
        .filter({ hasText: worker })
        .filter({ hasText: dmy(thisWeek) }),
    ).toContainText('Sent to Nxsys');

  // The week's hours in the dashboard's 12-week trend: its table (and the chart, once scrolled to).
  await goto(staff, '/');
  await expect(staff.getByTestId('todo-missing-weekly')).toHaveCount(0);
  const place = staff.getByTestId('trend-chart-place').first();
  await place.scrollIntoViewIfNeeded();
  await expect(staff.getByTestId('trend-chart').first()).toBeVisible();
  await staff.getByText('Show as table').first().click();
  const week = staff
    .getByTestId('trend-table')
    .first()
    .getByRole('row', { name: new RegExp(`^${dmy(thisWeek)}`) });
  await expect(week.getByTestId('trend-hours')).toHaveText(/^24(\.0+)?$/); // 7 + 8 + 9
  await expectPhoneWideAndAxeClean(staff, '/');
});

test('review on: a timesheet from the form is held as a draft; an admin approves it; Nxsys holds it once', async ({ browser }) => {
  // A week no other run used (a reused server keeps its sandbox).
  const monday = addDays('2034-04-03', 28 * (Math.floor(Date.now() / 60_000) % 400));
  const sunday = addDays(monday, 6);
  const admin = await pageOf(browser);
  await signedIn(admin, HERON_ADMIN);
  await goto(admin, '/timesheets/review');
  const setting = admin.getByRole('checkbox', { name: 'Review timesheets before they go to Nxsys' });
  if (!(await setting.isChecked())) await setting.check();
  await expect(setting).toBeChecked();

  const staff = await pageOf(browser);
  await signedIn(staff, HERON_STAFF);
  const { workers } = await workersAndRate(staff);
  const worker = workers[0]!;
  await goto(staff, '/timesheets/new');
  await staff.getByRole('combobox', { name: 'Candidate' }).fill(worker);
  await staff.getByRole('option', { name: new RegExp(worker) }).click();
  await staff.getByLabel('Period start').fill(dmy(monday));
  await staff.getByLabel('Period end').fill(dmy(sunday));
  await staff.getByLabel('Line 1 payment rate').selectOption({ index: 1 });
  await staff.getByLabel('Line 1 rate').fill('12');
  await staff.getByLabel('Line 1 units').fill('8');
  await staff.getByRole('button', { name: 'Create timesheet' }).click();
  await expect(staff.getByText('Saved for review: another person approves it before it goes to Nxsys.')).toBeVisible();
  await expect(staff).toHaveURL(/\/timesheets\/drafts#draft-/);
  const row = staff.getByRole('row', { name: new RegExp(dmy(monday)) });
  await expect(row).toContainText('Waiting for review');
  await expectPhoneWideAndAxeClean(staff, '/timesheets/drafts');

  await admin.reload();
  const choose = admin.getByRole('checkbox', { name: new RegExp(`${worker}.*${dmy(monday)} to ${dmy(sunday)}`) });
  await expect(choose).toBeVisible();
  await expectPhoneWideAndAxeClean(admin, '/timesheets/review');
  await choose.check();
  await admin.getByRole('button', { name: 'Approve and send to Nxsys' }).click();
  await expect(admin).toHaveURL(/\/imports\/[^/]+$/);
  await expect(admin.getByTestId('import-status')).toHaveText('Finished', { timeout: 60_000 });
  await expect(admin.getByTestId('import-counts')).toHaveText('1 of 1 timesheets done: 1 created, 0 failed.');

  await staff.reload();
  await expect(row).toContainText('Sent to Nxsys');
  const id = (await row.getByRole('link', { name: /^Timesheet TS-\d+$/ }).textContent())!.replace('Timesheet ', '');
  // Nxsys holds exactly one timesheet for the candidate and week: the one the draft became.
  const found = JSON.stringify(
    await (await staff.request.get(`/api/timesheets/existing?candidate=${worker}&start=${monday}&end=${sunday}`)).json(),
  );
  expect(found).toContain(id);
  expect(found.match(/"id":"TS-\d+"/g)).toHaveLength(1);
});
