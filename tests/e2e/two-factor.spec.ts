import { expect, test } from '@playwright/test';
import { totpCodeAfter } from '../helpers/totp';
import { codeStep, enrolApp } from './two-factor';
import { expectPhoneWideAndAxeClean, formAlert, goto, hydrated, signIn, signOut } from './helpers';

// Kestrel Recruitment is seeded for this test alone (scripts/db/seed.ts): its policy changes here.
const KESTREL_ADMIN = { email: 'admin@kestrel.example', password: 'kestrel-admin-demo' };
const KESTREL_STAFF = { email: 'staff@kestrel.example', password: 'kestrel-staff-demo' };

test('an admin requires a second factor; a member enrols an app, signs in with it and with a recovery code once', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  // The admin turns the policy on; without a factor of their own, they are taken to set one up at once.
  await signIn(page, KESTREL_ADMIN);
  await expect(page).toHaveURL('/');
  await goto(page, '/staff');
  await hydrated(page);
  await page.getByLabel(/Require a second factor for everyone/).click();
  await expect(page).toHaveURL(/\/account/);
  await expect(page.getByText('Your agency requires a second factor')).toBeVisible();
  await expectPhoneWideAndAxeClean(page, '/account (policy)');
  const admin = await enrolApp(page);
  await expect(page.getByText(/Authenticator app set up on \d{2}\/\d{2}\/\d{4}\. 10 unused recovery codes\./)).toBeVisible();
  await expectPhoneWideAndAxeClean(page, '/account (enrolled)');

  // The member signs in with a password only: every page sends them to set up an app first.
  const member = await browser.newContext();
  const staffPage = await member.newPage();
  await signIn(staffPage, KESTREL_STAFF);
  await expect(staffPage).toHaveURL(/\/account/);
  await goto(staffPage, '/candidates');
  await expect(staffPage).toHaveURL(/\/account/);
  const api = await staffPage.request.get('/api/nxsys/candidates');
  expect((await api.json()).error.code).toBe('mfa_enrolment_required');
  await hydrated(staffPage);
  const enrolled = await enrolApp(staffPage);
  await goto(staffPage, '/candidates');
  await expect(staffPage).toHaveURL(/\/candidates/);
  await signOut(staffPage);

  // Sign in again: the password alone makes no session; the code used at enrolment is refused (replay).
  await signIn(staffPage, KESTREL_STAFF);
  await codeStep(staffPage, enrolled.code);
  await expect(formAlert(staffPage)).toContainText('already used');
  await expect(staffPage).toHaveURL(/\/sign-in/);
  expect((await staffPage.request.get('/api/nxsys/candidates')).status()).toBe(401);
  await expectPhoneWideAndAxeClean(staffPage, '/sign-in (second step)');
  // A recovery code works once.
  await codeStep(staffPage, enrolled.recoveryCodes[0]!);
  await expect(staffPage).toHaveURL('/');
  await signOut(staffPage);
  await signIn(staffPage, KESTREL_STAFF);
  await codeStep(staffPage, enrolled.recoveryCodes[0]!);
  await expect(formAlert(staffPage)).toContainText('already used');
  await expect(staffPage).toHaveURL(/\/sign-in/);
  await codeStep(staffPage, enrolled.recoveryCodes[1]!);
  await expect(staffPage).toHaveURL('/');

  // A second browser of theirs; /account lists both sessions and signs the other one out.
  const laptop = await browser.newContext();
  const laptopPage = await laptop.newPage();
  await signIn(laptopPage, KESTREL_STAFF);
  await codeStep(laptopPage, enrolled.recoveryCodes[2]!);
  await expect(laptopPage).toHaveURL('/');
  await goto(staffPage, '/account');
  const sessions = staffPage.getByRole('list', { name: 'Your sessions' }).getByRole('listitem');
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: 'This browser' })).toContainText(/Chrome on \w+/);
  await sessions
    .filter({ hasNotText: 'This browser' })
    .getByRole('button', { name: /Sign out/ })
    .click();
  await expect(sessions).toHaveCount(1);
  expect((await laptopPage.request.get('/api/nxsys/candidates')).status()).toBe(401);
  expect((await staffPage.request.get('/api/account/notifications')).status()).toBe(200);
  await laptop.close();
  await member.close();

  // The admin signs out and in with a code of a later step than the one that confirmed the app (each code works once).
  await signOut(page);
  await signIn(page, KESTREL_ADMIN);
  await codeStep(page, totpCodeAfter(admin.secret, admin.step));
  await expect(page).toHaveURL('/');

  // The admin resets the member's factors.
  await goto(page, '/staff');
  await hydrated(page);
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: /Reset second factor of Rowan Ellis/ }).click();
  await expect(page.getByText('Rowan Ellis — no second factor')).toBeVisible();
});
