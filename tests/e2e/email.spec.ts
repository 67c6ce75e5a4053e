import { expect, test } from '@playwright/test';
import { ADMIN, formAlert, inboxCount, linkFromInbox, signedIn, signIn, goto, reload } from './helpers';

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

test('a reset from the e-mail works once and not twice, and signs the person out everywhere', async ({ page, browser }) => {
  const email = `forgetful.${unique()}@example.test`;
  await signedIn(page, ADMIN);
  const added = await page.request.post('/api/staff', {
    data: { name: 'Fern Forgetful', email, role: 'STAFF', password: 'the original password 1' },
  });
  expect(added.status()).toBe(201);

  // Signed in somewhere else: that session ends with the reset.
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await signedIn(other, { email, password: 'the original password 1' });

  const context = await browser.newContext();
  const person = await context.newPage();
  await goto(person, '/sign-in');
  await person.getByRole('link', { name: 'Forgot password?' }).click();
  await person.getByLabel('Email').fill(email);
  await person.getByRole('button', { name: 'Send me a link' }).click();
  const answer = await person.getByRole('status').textContent();
  expect(answer).toContain('If an account uses that address');

  // An address without an account gets the very same answer.
  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await goto(strangerPage, '/forgot-password');
  await strangerPage.getByLabel('Email').fill(`nobody.${unique()}@example.test`);
  await strangerPage.getByRole('button', { name: 'Send me a link' }).click();
  await expect(strangerPage.getByRole('status')).toHaveText(answer!);
  await stranger.close();

  const link = await linkFromInbox(page, email, 'Choose a new password for the agency portal', '/reset-password'); // the admin's dev inbox
  await goto(person, link);
  await person.getByLabel('New password').fill('a fresh new password 2');
  await person.getByRole('button', { name: 'Change password' }).click();
  await expect(person.getByRole('status')).toHaveText('Your password has been changed and you have been signed out everywhere.');

  // Not twice.
  await goto(person, link);
  await expect(person.getByRole('alert').filter({ hasText: 'This link has expired or has already been used' })).toBeVisible();
  const token = new URL(link).searchParams.get('token');
  const reuse = await person.request.post('/api/password-reset/confirm', {
    data: { token, password: 'an attackers password 3' },
    headers: { Origin: new URL(link).origin },
  });
  expect(reuse.status()).toBe(410);

  // The other session has ended; the old password no longer works, the new one does.
  await reload(other);
  await expect(other).toHaveURL(/\/sign-in/);
  await elsewhere.close();
  await signIn(person, { email, password: 'the original password 1' });
  await expect(formAlert(person)).toContainText('do not match');
  await signIn(person, { email, password: 'a fresh new password 2' });
  await expect(person.getByRole('button', { name: /Fern Forgetful.*account menu/ })).toBeVisible();
  await context.close();
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
