import { expect, test, type BrowserContext } from '@playwright/test';
import { ADMIN, expectToastAxeClean, formAlert, inboxCount, linkFromInbox, signedIn, signIn, goto, reload } from './helpers';

// Mail goes through the e2e server's outbox and job engine to its local SMTP catcher; the tests read it at /dev/mail.

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

test('an admin invites a colleague, who accepts from the e-mail, is signed in, and the link does not work twice', async ({
  page,
  browser,
}) => {
  const email = `new.colleague.${unique()}@example.test`;
  await signedIn(page, ADMIN);
  await goto(page, '/staff');
  const form = page.getByRole('form', { name: 'Invite a colleague' });
  await form.getByLabel('Name', { exact: true }).fill('Nova Colleague');
  await form.getByLabel('E-mail address').fill(email);
  await form.getByLabel('Invite as').selectOption('STAFF');
  await form.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: email })).toBeVisible();

  const context = await browser.newContext();
  const invitee = await context.newPage();
  // The dev inbox shows the admin their agency's mail (the invitee has no account yet).
  const link = await linkFromInbox(page, email, /You are invited to Northwind Recruitment's agency portal/, '/invitation');
  await goto(invitee, link);
  await expect(invitee.getByRole('heading', { name: 'Join Northwind Recruitment' })).toBeVisible();
  await expect(invitee.getByLabel('Email')).toHaveValue(email);
  await invitee.getByLabel('Choose a password').fill('short');
  await invitee.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(invitee.getByText('Use at least 12 characters')).toBeVisible();
  await invitee.getByLabel('Choose a password').fill('nova colleague password 1');
  await invitee.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(invitee.getByRole('button', { name: /Nova Colleague.*account menu/ })).toBeVisible();
  await expect(invitee).toHaveURL(/\/$/);

  // The link was single use.
  await goto(invitee, link);
  await expect(
    invitee.getByRole('alert').filter({ hasText: 'This invitation link has expired, has been used or was revoked' }),
  ).toBeVisible();
  await context.close();

  // The admin sees them as staff, no longer as a pending invitation (the admin's page was on the dev inbox).
  await goto(page, '/staff');
  await expect(page.getByRole('row').filter({ hasText: email })).toHaveCount(1);
  await expect(page.getByRole('row').filter({ hasText: email })).toContainText('Active');
});

test('an admin revokes an invitation: its link stops working', async ({ page, browser }) => {
  const email = `revoked.${unique()}@example.test`;
  await signedIn(page, ADMIN);
  await goto(page, '/staff');
  const form = page.getByRole('form', { name: 'Invite a colleague' });
  await form.getByLabel('Name', { exact: true }).fill('Rex Revoked');
  await form.getByLabel('E-mail address').fill(email);
  await form.getByRole('button', { name: 'Send invitation' }).click();
  await page.getByRole('button', { name: `Revoke the invitation to ${email}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByText(`The invitation to ${email} is revoked.`)).toBeVisible();

  const context = await browser.newContext();
  const invitee = await context.newPage();
  const link = await linkFromInbox(page, email, /You are invited/, '/invitation');
  await goto(invitee, link);
  await expect(invitee.getByText('This invitation link has expired, has been used or was revoked')).toBeVisible();
  await context.close();
});

// One story in steps, each with its own time limit (as one test it took up to 49 s of 60 under one busy core). Each
// step starts from what the one before left (the person and their other session), so they run in order.
test.describe('a reset from the e-mail', () => {
  test.describe.configure({ mode: 'serial' });
  const email = `forgetful.${unique()}@example.test`;
  const original = { email, password: 'the original password 1' };
  let otherSession: Awaited<ReturnType<BrowserContext['storageState']>>;

  test('is asked for with the same answer whether or not the address has an account', async ({ page, browser }) => {
    await signedIn(page, ADMIN);
    const added = await page.request.post('/api/staff', { data: { name: 'Fern Forgetful', role: 'STAFF', ...original } });
    expect(added.status()).toBe(201);

    // Signed in somewhere else: that session ends with the reset (the last step opens it again from its cookies).
    const elsewhere = await browser.newContext();
    await signedIn(await elsewhere.newPage(), original);
    otherSession = await elsewhere.storageState();
    await elsewhere.close();
    const again = await browser.newContext({ storageState: otherSession });
    expect((await again.request.get('/api/account/notifications')).status()).toBe(200);
    await again.close();

    const context = await browser.newContext();
    const person = await context.newPage();
    await goto(person, '/sign-in');
    await person.getByRole('link', { name: 'Forgot password?' }).click();
    await person.getByLabel('Email').fill(email);
    await person.getByRole('button', { name: 'Send me a link' }).click();
    await expect(person.getByRole('status')).toContainText('If an account uses that address');
    const answer = await person.getByRole('status').textContent();

    // An address without an account gets the very same answer.
    await goto(person, '/forgot-password');
    await person.getByLabel('Email').fill(`nobody.${unique()}@example.test`);
    await person.getByRole('button', { name: 'Send me a link' }).click();
    await expect(person.getByRole('status')).toHaveText(answer!);
    await context.close();
  });

  test('works once from the link in the e-mail, and not twice', async ({ page, browser }) => {
    await signedIn(page, ADMIN);
    const link = await linkFromInbox(page, email, 'Choose a new password for the agency portal', '/reset-password'); // the admin's dev inbox
    const context = await browser.newContext();
    const person = await context.newPage();
    await goto(person, link);
    await person.getByLabel('New password').fill('a fresh new password 2');
    await person.getByRole('button', { name: 'Change password' }).click();
    await expect(person.getByRole('status')).toHaveText('Your password has been changed and you have been signed out everywhere.');

    await goto(person, link);
    await expect(person.getByRole('alert').filter({ hasText: 'This link has expired or has already been used' })).toBeVisible();
    const token = new URL(link).searchParams.get('token');
    const reuse = await person.request.post('/api/password-reset/confirm', {
      data: { token, password: 'an attackers password 3' },
      headers: { Origin: new URL(link).origin },
    });
    expect(reuse.status()).toBe(410);
    await context.close();
  });

  test('signs the person out everywhere; the old password is refused, the new one works', async ({ page, browser }) => {
    const elsewhere = await browser.newContext({ storageState: otherSession });
    const other = await elsewhere.newPage();
    await goto(other, '/');
    await expect(other).toHaveURL(/\/sign-in/);
    await elsewhere.close();
    await signIn(page, original);
    await expect(formAlert(page)).toContainText('do not match');
    await signIn(page, { email, password: 'a fresh new password 2' });
    await expect(page.getByRole('button', { name: /Fern Forgetful.*account menu/ })).toBeVisible();
  });
});

test('each person switches their e-mails on the account page; staff see only their own kinds', async ({ page }) => {
  await signedIn(page, ADMIN);
  await page.getByRole('button', { name: /account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Account and e-mails' }).click();
  await expect(page.getByRole('heading', { name: 'E-mail notifications' })).toBeVisible();
  const box = page.getByRole('checkbox', { name: /Right-to-work documents expiring/ });
  await expect(box).toBeChecked();
  await box.uncheck();
  await page.getByRole('button', { name: 'Save e-mail settings' }).click();
  await expect(page.getByText('E-mail settings saved.')).toBeVisible();
  await expectToastAxeClean(page, 'E-mail settings saved.');
  await reload(page);
  await expect(page.getByRole('checkbox', { name: /Right-to-work documents expiring/ })).not.toBeChecked();
  await page.getByRole('checkbox', { name: /Right-to-work documents expiring/ }).check();
  await page.getByRole('button', { name: 'Save e-mail settings' }).click();
  await expect(page.getByText('E-mail settings saved.')).toBeVisible();
});

test("the dev inbox is only for a signed-in person, with only their agency's mail", async ({ page }) => {
  await page.goto('/dev/mail');
  await expect(page).toHaveURL(/\/sign-in/);
  await signedIn(page, ADMIN);
  expect(await inboxCount(page, 'nobody-at-all@example.test', /.*/)).toBe(0);
  await expect(page.getByRole('heading', { name: 'Dev inbox' })).toBeVisible();
});
