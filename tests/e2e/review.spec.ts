import { expect, test } from '@playwright/test';
import { e2eQuery } from './db';
import { ADMIN, STAFF, demoAgencyConnected, expectPhoneWideAndAxeClean, goto, signedIn } from './helpers';

// Issue 29 part 3: with review on, a timesheet entered by staff is held as a draft; an admin approves it and the
// import job sends it to Nxsys once.
test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

// A week no other run used (a reused server keeps its sandbox).
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const monday = addDays('2034-04-03', 28 * (Math.floor(Date.now() / 60_000) % 400));
const sunday = addDays(monday, 6);
const uk = (iso: string) => iso.split('-').reverse().join('/');

test.beforeAll(({ browser }) => demoAgencyConnected(browser));
// Other specs on this server expect timesheets to go straight to Nxsys.
test.afterAll(() => e2eQuery(`UPDATE "Agency" SET "reviewTimesheets" = false`));

test('review on: staff save a draft; an admin approves it; Nxsys holds it once', async ({ browser }) => {
  const admin = await browser.newPage();
  await signedIn(admin, ADMIN);
  await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approvals' }).click();
  const setting = admin.getByRole('checkbox', { name: 'Review timesheets before they go to Nxsys' });
  if (!(await setting.isChecked())) {
    await setting.check();
    await expect(admin.getByText('Timesheets are now reviewed before they go to Nxsys.')).toBeVisible();
  }
  await expect(setting).toBeChecked();

  const staff = await browser.newPage();
  await signedIn(staff, STAFF);
  await goto(staff, '/timesheets/new');
  await staff.getByRole('combobox', { name: 'Candidate' }).fill('leo.smith.101000');
  await staff.getByRole('option', { name: /SR-101000/ }).click();
  await staff.getByLabel('Period start').fill(monday);
  await staff.getByLabel('Period end').fill(sunday);
  await staff.getByLabel('Line 1 payment rate').selectOption({ index: 1 });
  await staff.getByLabel('Line 1 rate').fill('12');
  await staff.getByLabel('Line 1 units').fill('8');
  await staff.getByRole('button', { name: 'Create timesheet' }).click();
  await expect(staff.getByText('Saved for review: another person approves it before it goes to Nxsys.')).toBeVisible();
  await expect(staff).toHaveURL(/\/timesheets\/drafts#draft-/);
  const row = staff.getByRole('row', { name: new RegExp(`${uk(monday)}`) });
  await expect(row).toContainText('Waiting for review');
  await expectPhoneWideAndAxeClean(staff, '/timesheets/drafts');

  await admin.reload();
  const choose = admin.getByRole('checkbox', { name: new RegExp(`SR-101000.*${uk(monday)} to ${uk(sunday)}`) });
  await expect(choose).toBeVisible();
  await expectPhoneWideAndAxeClean(admin, '/timesheets/review');
  await choose.check();
  await admin.getByRole('button', { name: 'Approve and send to Nxsys' }).click();
  await expect(admin).toHaveURL(/\/imports\/[^/]+$/);
  await expect(admin.getByTestId('import-status')).toHaveText('Finished', { timeout: 30_000 });
  await expect(admin.getByTestId('import-counts')).toHaveText('1 of 1 timesheets done: 1 created, 0 failed.');

  await staff.reload();
  await expect(row).toContainText('Sent to Nxsys');
  const link = row.getByRole('link', { name: /^Timesheet TS-\d+$/ });
  const id = (await link.textContent())!.replace('Timesheet ', '');
  // Nxsys holds exactly one timesheet for the candidate and week: the one the draft became.
  const list = await staff.request.get(`/api/timesheets/existing?candidate=SR-101000&start=${monday}&end=${sunday}`);
  const found = JSON.stringify(await list.json());
  expect(found).toContain(id);
  expect(found.match(/"id":"TS-\d+"/g)).toHaveLength(1);
});
