import { expect, test } from '@playwright/test';
import { totpCodeAfter } from '../helpers/totp';
import { codeStep, enrolApp } from './two-factor';
import { expectPhoneWideAndAxeClean, formAlert, goto, hydrated, signIn, signOut } from './helpers';

// Kestrel Recruitment is seeded for these tests alone (scripts/db/seed.ts): its policy changes here. One story in
// steps, each with its own time limit (as one test it took up to 110 s of 120 under one busy core); each step
// starts from what the one before left, so they run in order and stop at the first failure.
test.describe.configure({ mode: 'serial' });

const KESTREL_ADMIN = { email: 'admin@kestrel.example', password: 'kestrel-admin-demo' };
const KESTREL_STAFF = { email: 'staff@kestrel.example', password: 'kestrel-staff-demo' };

type Enrolment = Awaited<ReturnType<typeof enrolApp>>;
let admin: Enrolment;
let member: Enrolment;

test('an admin requires a second factor for everyone, and is taken to set up an app of their own at once', async ({ page }) => {
  await signIn(page, KESTREL_ADMIN);
  await expect(page).toHaveURL('/');
  await goto(page, '/staff');
  await hydrated(page);
  await page.getByLabel(/Require a second factor for everyone/).click();
  await expect(page).toHaveURL(/\/account/);
  await expect(page.getByText('Your agency requires a second factor')).toBeVisible();
  await expectPhoneWideAndAxeClean(page, '/account (policy)');
  admin = await enrolApp(page);
  await expect(page.getByText(/Authenticator app set up on \d{2}\/\d{2}\/\d{4}\. 10 unused recovery codes\./)).toBeVisible();
  await expectPhoneWideAndAxeClean(page, '/account (enrolled)');
});

test('a member signed in with a password only is sent to set up an app from every page, and enrols one', async ({ page }) => {
  await signIn(page, KESTREL_STAFF);
  await expect(page).toHaveURL(/\/account/);
  await goto(page, '/candidates');
  await expect(page).toHaveURL(/\/account/);
  const api = await page.request.get('/api/nxsys/candidates');
  expect((await api.json()).error.code).toBe('mfa_enrolment_required');
  await hydrated(page);
  member = await enrolApp(page);
  await goto(page, '/candidates');
  await expect(page).toHaveURL(/\/candidates/);
  // Signed out, so that the sessions step below finds only the sessions it makes.
  await signOut(page);
});

test('at sign-in the code used at enrolment is refused (replay), and a recovery code works once', async ({ page }) => {
  // The password alone makes no session.
  await signIn(page, KESTREL_STAFF);
  await codeStep(page, member.code);
  await expect(formAlert(page)).toContainText('already used');
  await expect(page).toHaveURL(/\/sign-in/);
  expect((await page.request.get('/api/nxsys/candidates')).status()).toBe(401);
  await expectPhoneWideAndAxeClean(page, '/sign-in (second step)');
  await codeStep(page, member.recoveryCodes[0]!);
  await expect(page).toHaveURL('/');
  await signOut(page);
  await signIn(page, KESTREL_STAFF);
  await codeStep(page, member.recoveryCodes[0]!);
  await expect(formAlert(page)).toContainText('already used');
  await expect(page).toHaveURL(/\/sign-in/);
  await codeStep(page, member.recoveryCodes[1]!);
  await expect(page).toHaveURL('/');
  await signOut(page);
});

test('a member signed in on two browsers sees both sessions on /account and signs the other one out', async ({ page, browser }) => {
  await signIn(page, KESTREL_STAFF);
  await codeStep(page, member.recoveryCodes[2]!);
  await expect(page).toHaveURL('/');
  const laptop = await browser.newContext();
  const laptopPage = await laptop.newPage();
  await signIn(laptopPage, KESTREL_STAFF);
  await codeStep(laptopPage, member.recoveryCodes[3]!);
  await expect(laptopPage).toHaveURL('/');
  await goto(page, '/account');
  const sessions = page.getByRole('list', { name: 'Your sessions' }).getByRole('listitem');
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: 'This browser' })).toContainText(/Chrome on \w+/);
  await sessions
    .filter({ hasNotText: 'This browser' })
    .getByRole('button', { name: /Sign out/ })
    .click();
  await expect(sessions).toHaveCount(1);
  expect((await laptopPage.request.get('/api/nxsys/candidates')).status()).toBe(401);
  expect((await page.request.get('/api/account/notifications')).status()).toBe(200);
  await laptop.close();
});

test("the admin signs in with a later code than the one that confirmed their app, and resets the member's second factor", async ({
  page,
}) => {
  await signIn(page, KESTREL_ADMIN);
  // Each code works once: the one of the step after enrolment's, which the portal takes now (no wait for the clock).
  await codeStep(page, totpCodeAfter(admin.secret, admin.step));
  await expect(page).toHaveURL('/');
  await goto(page, '/staff');
  await hydrated(page);
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: /Reset second factor of Rowan Ellis/ }).click();
  await expect(page.getByText('Rowan Ellis — no second factor')).toBeVisible();
});
