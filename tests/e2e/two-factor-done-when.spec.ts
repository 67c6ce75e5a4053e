// Issue 27's "Done when", as one journey: an admin requires a second factor; a member enrols a passkey (Chromium's
// virtual authenticator), signs out and in with it; another enrols an app and uses a recovery code once (not twice);
// exporting candidates asks for the second factor again after 10 minutes; /account lists two sessions and ends one.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { totpCodeAfter, totpCodeAt } from '../helpers/totp';
import { AGE_STEP_UP_SQL } from '../helpers/step-up';
import { e2eQuery } from './db';
import { codeStep, enrolApp } from './two-factor';
import { ensureConnected, expectPhoneWideAndAxeClean, formAlert, goto, hydrated, signIn, signOut } from './helpers';

// Osprey Staffing is seeded for this test alone (scripts/db/seed.ts).
const ADMIN = { email: 'admin@osprey.example', password: 'osprey-admin-demo' };
const KEYS = { email: 'keys@osprey.example', password: 'osprey-keys-demo' };
const APP = { email: 'app@osprey.example', password: 'osprey-app-demo' };

/** A platform passkey authenticator in this browser context (DevTools protocol), as a laptop's fingerprint reader. */
async function virtualAuthenticator(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
}

test('require MFA; passkey sign-in; app and a recovery code once; step-up after 10 minutes; two sessions, one ended', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000); // a long journey, with up to 30 s waiting for the next app code
  // The admin connects the agency to Nxsys (for the candidates), then requires a second factor and sets up an app.
  await signIn(page, ADMIN);
  await ensureConnected(page);
  await goto(page, '/staff');
  await hydrated(page);
  await page.getByLabel(/Require a second factor for everyone/).click();
  await expect(page).toHaveURL(/\/account/);
  await enrolApp(page);

  // A member signs in with the password, is held on /account, and adds a passkey there.
  const keysContext = await browser.newContext();
  const keysPage = await keysContext.newPage();
  await virtualAuthenticator(keysContext, keysPage);
  await signIn(keysPage, KEYS);
  await expect(keysPage).toHaveURL(/\/account/);
  await hydrated(keysPage);
  await keysPage.getByLabel('Passkey name').fill('Work laptop');
  await keysPage.getByRole('button', { name: 'Add a passkey' }).click();
  const passkeys = keysPage.getByRole('list', { name: 'Your passkeys' }).getByRole('listitem');
  await expect(passkeys).toHaveCount(1);
  await expect(passkeys).toContainText('Work laptop');
  await expectPhoneWideAndAxeClean(keysPage, '/account (a passkey)');
  await goto(keysPage, '/candidates');
  await expect(keysPage).toHaveURL(/\/candidates/);
  await hydrated(keysPage);
  await signOut(keysPage);
  // Signing in again: the password alone makes no session; the passkey does.
  await signIn(keysPage, KEYS);
  await expect(keysPage.getByRole('button', { name: 'Use a passkey' })).toBeVisible();
  expect((await keysPage.request.get('/api/account/notifications')).status()).toBe(401);
  await expectPhoneWideAndAxeClean(keysPage, '/sign-in (second step, passkey)');
  await keysPage.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(keysPage).toHaveURL('/');
  await keysContext.close();

  // Another member enrols an authenticator app, then signs in with a recovery code: once, not twice.
  const appContext = await browser.newContext();
  const appPage = await appContext.newPage();
  await signIn(appPage, APP);
  await expect(appPage).toHaveURL(/\/account/);
  await hydrated(appPage);
  const app = await enrolApp(appPage);
  await hydrated(appPage);
  await signOut(appPage);
  await signIn(appPage, APP);
  await codeStep(appPage, app.recoveryCodes[0]!);
  await expect(appPage).toHaveURL('/');
  await hydrated(appPage); // the account menu opens only once the page is live
  await signOut(appPage);
  await signIn(appPage, APP);
  await codeStep(appPage, app.recoveryCodes[0]!);
  await expect(formAlert(appPage)).toContainText('already used');
  await codeStep(appPage, app.recoveryCodes[1]!);
  await expect(appPage).toHaveURL('/');

  // Exporting candidates: at once it downloads; 10 minutes later (the session's stored time moved back) it asks for
  // the second factor first, and downloads once it is given.
  await goto(appPage, '/candidates');
  await hydrated(appPage);
  const exportButton = appPage.getByRole('link', { name: 'Export CSV' });
  await Promise.all([appPage.waitForEvent('download'), exportButton.click()]);
  await e2eQuery(AGE_STEP_UP_SQL, [APP.email, 11 * 60]);
  await exportButton.click();
  const prompt = appPage.getByRole('dialog', { name: 'Confirm it is you' });
  await expect(prompt).toBeVisible();
  await expectPhoneWideAndAxeClean(appPage, '/candidates (step-up prompt)');
  // A wrong code is refused at the field; a code of a later step than the enrolment's passes.
  await prompt.getByLabel('Code from your authenticator app').fill(totpCodeAt(app.secret, new Date(Date.now() + 10 * 60_000)));
  await prompt.getByRole('button', { name: 'Confirm' }).click();
  await expect(prompt.getByText(/not right|wrong or already used/)).toBeVisible();
  await prompt.getByLabel('Code from your authenticator app').fill(totpCodeAfter(app.secret, app.step));
  const download = appPage.waitForEvent('download');
  await prompt.getByRole('button', { name: 'Confirm' }).click();
  await download;
  await expect(prompt).toBeHidden();

  // A second browser of theirs: /account lists both sessions and ends the other one.
  const laptop = await browser.newContext();
  const laptopPage = await laptop.newPage();
  await signIn(laptopPage, APP);
  await codeStep(laptopPage, app.recoveryCodes[2]!);
  await expect(laptopPage).toHaveURL('/');
  await goto(appPage, '/account');
  await hydrated(appPage);
  const sessions = appPage.getByRole('list', { name: 'Your sessions' }).getByRole('listitem');
  await expect(sessions).toHaveCount(2);
  await sessions
    .filter({ hasNotText: 'This browser' })
    .getByRole('button', { name: /Sign out/ })
    .click();
  await expect(sessions).toHaveCount(1);
  expect((await laptopPage.request.get('/api/account/notifications')).status()).toBe(401);
  await laptop.close();
  await appContext.close();
});
