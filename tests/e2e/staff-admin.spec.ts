import { expect, test } from '@playwright/test';
import { ADMIN, STAFF, signIn, formAlert, goto } from './helpers';

test('a staff user sees no admin pages and cannot call admin routes', async ({ page }) => {
  await signIn(page, STAFF);
  await expect(page).toHaveURL('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Candidates' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Staff' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Activity' })).toHaveCount(0);

  for (const adminPage of ['/staff', '/activity']) {
    const response = await goto(page, adminPage);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: 'Admins only' })).toBeVisible();
  }

  const api = await page.request.post('/api/staff', {
    data: { name: 'Sneaky', email: 'sneaky@example.test', role: 'ADMIN', password: 'a long enough password' },
  });
  expect(api.status()).toBe(403);
  expect((await api.json()).error.code).toBe('forbidden');
});

test('a cross-site write is refused even with a valid session', async ({ page }) => {
  await signIn(page, ADMIN);
  await expect(page).toHaveURL('/');
  const response = await page.request.post('/api/staff', {
    headers: { Origin: 'https://evil.example' },
    data: { name: 'Forged', email: 'forged@example.test', role: 'STAFF', password: 'a long enough password' },
  });
  expect(response.status()).toBe(403);
  expect((await response.json()).error.code).toBe('cross_site_request');
});

test('an admin adds a staff member, who signs in; once deactivated they are signed out and cannot sign in', async ({ page, browser }) => {
  const email = `casey.${Date.now()}@northwind.example`;
  const password = 'casey-initial-password';

  await signIn(page, ADMIN);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Staff' }).click();
  await expect(page.getByRole('heading', { name: 'Staff', exact: true })).toBeVisible();

  // Bad input first: answered at the fields, nothing lost.
  await page.getByLabel('Full name').fill('Casey Jones');
  await page.getByLabel('Work email').fill('not-an-email');
  await page.getByLabel('Initial password').fill('short');
  await page.getByRole('button', { name: 'Add staff member' }).click();
  await expect(page.getByText('Enter a valid email address')).toBeVisible();
  await expect(page.getByText('Use at least 12 characters')).toBeVisible();
  await expect(page.getByLabel('Full name')).toHaveValue('Casey Jones');

  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Initial password').fill(password);
  await page.getByRole('button', { name: 'Add staff member' }).click();
  await expect(page.getByText('Casey Jones can now sign in.')).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(email) });
  await expect(row).toContainText('Active');

  // Casey signs in in another browser.
  const caseyContext = await browser.newContext();
  const casey = await caseyContext.newPage();
  await signIn(casey, { email, password });
  await expect(casey).toHaveURL('/');

  await row.getByRole('button', { name: 'Deactivate Casey Jones' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
  await expect(row).toContainText('Deactivated');

  // Casey's open session has ended...
  await goto(casey, '/candidates');
  await expect(casey).toHaveURL(/\/sign-in/);
  // ...and Casey cannot sign in again.
  await signIn(casey, { email, password });
  await expect(formAlert(casey)).toHaveText('That email and password do not match an active account.');
  await caseyContext.close();
});
