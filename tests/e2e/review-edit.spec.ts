// Issue 29 part 3's last gaps, in the browser, as Ibis Recruitment (review on; sandbox COM-1, shared with other
// agencies, so only weeks of 2001–2008 no other spec uses, one pair per minute for a reused server): a staff member's
// draft is returned with a reason, changed in the form (a second tab's stale save is refused, nothing typed lost) and
// approved with the new hours; two drafts for one worker and period chosen together are refused at their rows until
// one is ticked "Send anyway".
import { expect, test, type Browser, type Page } from '@playwright/test';
import { e2eQuery } from './db';
import { ensureConnected, expectPhoneWideAndAxeClean, formAlert, goto, signedIn } from './helpers';
import { addDays } from '@/lib/timesheets/week-days';
import { ukTaxWeek } from '@/lib/tax-period';

const IBIS_ADMIN = { email: 'admin@ibis.example', password: 'ibis-admin-demo' };
const IBIS_STAFF = { email: 'staff@ibis.example', password: 'ibis-staff-demo' };

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

const dmy = (iso: string) => iso.split('-').reverse().join('/');
// Monday 1 January 2001, then two weeks per minute of the clock (a reused server's sandbox keeps earlier runs' records).
const monday = addDays('2001-01-01', 14 * (Math.floor(Date.now() / 60_000) % 200));
const nextMonday = addDays(monday, 7);

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signedIn(page, IBIS_ADMIN);
  await ensureConnected(page);
  await page.close();
  // The agency's setting (its switch is pay-week.spec's); only this spec signs in to Ibis.
  await e2eQuery(`UPDATE "Agency" SET "reviewTimesheets" = true WHERE name = 'Ibis Recruitment'`);
});

/** A person's own browser context (each person has their own cookies). */
const pageOf = async (browser: Browser) => (await browser.newContext()).newPage();

const firstId = async (page: Page, list: string) =>
  ((await (await page.request.get(`/api/nxsys/${list}?size=100`)).json()) as { data: { id: string }[] }).data[7]!.id;

test('a returned draft: the author sees why, changes the hours (a stale tab is refused), the admin approves the new figure', async ({
  browser,
}) => {
  const staff = await pageOf(browser);
  await signedIn(staff, IBIS_STAFF);
  // An Irish worker: the form's amounts in euro.
  const worker = await firstId(staff, 'candidates-ireland');
  const sunday = addDays(monday, 6);
  await goto(staff, '/timesheets/new');
  await staff.getByRole('combobox', { name: 'Candidate' }).fill(worker);
  await staff.getByRole('option', { name: new RegExp(worker) }).click();
  await staff.getByLabel('Period start').fill(dmy(monday));
  await staff.getByLabel('Period end').fill(dmy(sunday));
  await staff.getByLabel('Line 1 payment rate').selectOption({ index: 1 });
  await staff.getByLabel('Line 1 rate').fill('12');
  await staff.getByLabel('Line 1 units').fill('8');
  await staff.getByRole('button', { name: 'Create timesheet' }).click();
  await expect(staff).toHaveURL(/\/timesheets\/drafts#draft-/);
  const row = staff.getByRole('row', { name: new RegExp(dmy(monday)) });
  await expect(row).toContainText('Waiting for review');

  // The admin returns it with a reason.
  const admin = await pageOf(browser);
  await signedIn(admin, IBIS_ADMIN);
  await goto(admin, '/timesheets/review');
  const choose = admin.getByRole('checkbox', { name: new RegExp(`${worker}.*${dmy(monday)} to ${dmy(sunday)}`) });
  await choose.check();
  await admin.getByLabel('Reason for returning').fill('Only 7.5 hours were worked that week');
  await admin.getByRole('button', { name: 'Return to their authors' }).click();
  await expect(choose).toHaveCount(0);

  // The author reads the reason and opens the draft in the form, prefilled from what was held.
  await staff.reload();
  await expect(row).toContainText('Returned to you');
  await expect(row).toContainText('Reason: Only 7.5 hours were worked that week');
  await row.getByRole('link', { name: /^Change the timesheet of/ }).click();
  await expect(staff).toHaveURL(/\/timesheets\/drafts\/[^/#]+$/);
  const editUrl = staff.url();
  await expect(staff.getByText('Returned to you: Only 7.5 hours were worked that week')).toBeVisible();
  await expect(staff.getByLabel('Period start')).toHaveValue(dmy(monday));
  await expect(staff.getByLabel('Period end')).toHaveValue(dmy(sunday));
  await expect(staff.getByLabel('Line 1 rate')).toHaveValue('12');
  await expect(staff.getByLabel('Line 1 units')).toHaveValue('8');
  await expect(staff.getByRole('columnheader', { name: 'Rate (€)' })).toBeVisible();
  await expectPhoneWideAndAxeClean(staff, editUrl);

  // A second tab opens the same version before the first saves.
  const stale = await staff.context().newPage();
  await goto(stale, editUrl);

  await staff.getByLabel('Line 1 units').fill('7.5');
  await staff.getByRole('button', { name: 'Save and send for review again' }).click();
  await expect(staff).toHaveURL(/\/timesheets\/drafts#draft-/);
  await expect(row).toContainText('Waiting for review');
  await expect(row).not.toContainText('Reason:');

  await stale.getByLabel('Line 1 units').fill('9');
  await stale.getByRole('button', { name: 'Save and send for review again' }).click();
  await expect(formAlert(stale)).toContainText('changed, approved or returned by someone else');
  await expect(stale.getByLabel('Line 1 units')).toHaveValue('9');
  await expect(stale).toHaveURL(editUrl);

  // The admin sees the new figure and approves it; Nxsys holds one timesheet, with 7.5 units.
  await goto(admin, '/timesheets/review');
  const draftRow = admin.getByRole('row').filter({ has: choose });
  await expect(draftRow).toContainText('7.50');
  await choose.check();
  await admin.getByRole('button', { name: 'Approve and send to Nxsys' }).click();
  await expect(admin).toHaveURL(/\/imports\/[^/]+$/);
  await expect(admin.getByTestId('import-status')).toHaveText('Finished', { timeout: 60_000 });
  await expect(admin.getByTestId('import-counts')).toHaveText('1 of 1 timesheets done: 1 created, 0 failed.');
  const found = JSON.stringify(
    await (await staff.request.get(`/api/timesheets/existing?candidate=${worker}&start=${monday}&end=${sunday}`)).json(),
  );
  const ids = found.match(/"id":"TS-\d+"/g) ?? [];
  expect(ids).toHaveLength(1);
  await goto(staff, `/timesheets/${ids[0]!.slice(6, -1)}`);
  await expect(staff.getByLabel('Line 1 units')).toHaveValue(/^7\.50*$/);
});

test('two drafts for one worker and period chosen together: refused at their rows; "Send anyway" on one approves', async ({ browser }) => {
  const staff = await pageOf(browser);
  await signedIn(staff, IBIS_STAFF);
  const worker = await firstId(staff, 'candidates');
  const sunday = addDays(nextMonday, 6);
  const week = ukTaxWeek(nextMonday)!;
  const rates = (
    (await (await staff.request.get('/api/nxsys/payment-rates?size=100')).json()) as {
      data: { id: string; code: string; defaultVATCode?: string | { id: string } | null }[];
    }
  ).data;
  const pr100 = rates.find((r) => r.code === 'PR100')!;
  const vatID = typeof pr100.defaultVATCode === 'object' ? pr100.defaultVATCode?.id : pr100.defaultVATCode;
  // The second is entered knowing of the first (the form's "create another").
  for (const [units, confirmDuplicate] of [
    ['30', false],
    ['31', true],
  ] as const) {
    const made = await staff.request.post('/api/timesheets', {
      data: {
        subcontractorRef: worker,
        startDate: nextMonday,
        endDate: sunday,
        taxYear: week.taxYear,
        taxPeriodConfig: week.period,
        rates: [{ rateId: pr100.id, rate: '12.50', units, vatID }],
        confirmDuplicate,
      },
    });
    expect(made.status()).toBe(201);
  }

  const admin = await pageOf(browser);
  await signedIn(admin, IBIS_ADMIN);
  await goto(admin, '/timesheets/review');
  const choose = admin.getByRole('checkbox', { name: new RegExp(`^Choose .*${worker}.*${dmy(nextMonday)} to ${dmy(sunday)}`) });
  await expect(choose).toHaveCount(2);
  await choose.nth(0).check();
  await choose.nth(1).check();
  await admin.getByRole('button', { name: 'Approve and send to Nxsys' }).click();
  await expect(admin.getByRole('alert').filter({ hasText: 'Nothing was approved' })).toBeVisible();
  const collisions = admin.getByTestId(/^collision-/);
  await expect(collisions).toHaveCount(2);
  for (const c of await collisions.all())
    await expect(c.getByRole('link', { name: `Also chosen: a timesheet for ${dmy(nextMonday)} to ${dmy(sunday)}` })).toBeVisible();
  await expect(admin).toHaveURL(/\/timesheets\/review$/);
  await expect(choose.nth(0)).toBeChecked();
  await expect(choose.nth(1)).toBeChecked();
  const held = `SELECT status FROM "TimesheetDraft" d JOIN "Agency" a ON a.id = d."agencyId"
                 WHERE a.name = 'Ibis Recruitment' AND d."candidateId" = $1 AND d."startDate" = $2`;
  expect((await e2eQuery<{ status: string }>(held, [worker, nextMonday])).map((d) => d.status)).toEqual(['PENDING', 'PENDING']);
  await expectPhoneWideAndAxeClean(admin, '/timesheets/review');

  await admin
    .getByRole('checkbox', { name: /^Send anyway/ })
    .first()
    .check();
  await admin.getByRole('button', { name: 'Approve and send to Nxsys' }).click();
  await expect(admin).toHaveURL(/\/imports\/[^/]+$/);
  await expect(admin.getByTestId('import-status')).toHaveText('Finished', { timeout: 60_000 });
  await expect(admin.getByTestId('import-counts')).toHaveText('2 of 2 timesheets done: 2 created, 0 failed.');
  // The author reads both as sent (a draft takes its import item's outcome when the drafts are read).
  await goto(staff, '/timesheets/drafts');
  const sent = staff
    .getByRole('row')
    .filter({ hasText: worker })
    .filter({ hasText: dmy(nextMonday) });
  await expect(sent.filter({ hasText: 'Sent to Nxsys' })).toHaveCount(2);
  expect((await e2eQuery<{ status: string }>(held, [worker, nextMonday])).map((d) => d.status)).toEqual(['SENT', 'SENT']);
});
