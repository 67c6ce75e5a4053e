import { expect, test } from '@playwright/test';
import { ADMIN, STAFF, signIn, signOut, formAlert, goto } from './helpers';

test('a staff member signs in, lands on the dashboard of their agency, and signs out', async ({ page }) => {
  await signIn(page, STAFF);
  await expect(page).toHaveURL('/');
  await expect(page.getByRole('heading', { name: /Good to see you, Sam/ })).toBeVisible();
  await expect(page.getByTestId('agency-name')).toHaveText('Northwind Recruitment');

  await signOut(page);
  // The old session is gone: a page now sends us back to sign-in.
  await goto(page, '/timesheets');
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Ftimesheets/);
});

test('a wrong password shows one generic error and keeps the user on sign-in', async ({ page }) => {
  await signIn(page, { email: 'nobody@northwind.example', password: 'not-the-password' });
  await expect(formAlert(page)).toHaveText('That email and password do not match an active account.');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByLabel('Email')).toHaveValue('nobody@northwind.example');
});

test('an empty form is answered at the fields', async ({ page }) => {
  await goto(page, '/sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your email address')).toBeVisible();
  await expect(page.getByText('Enter your password')).toBeVisible();
});

test('a signed-out visit is sent to sign-in and returns to the page afterwards', async ({ page }) => {
  await goto(page, '/payslips?page=2');
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL('/payslips?page=2');
  await expect(page.getByRole('heading', { name: 'Payslips' })).toBeVisible();
});

test('signed-out API calls get a JSON 401 with a stable code', async ({ request }) => {
  const response = await request.get('/api/staff');
  expect(response.status()).toBe(401);
  expect(await response.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
});

test('pages carry the security headers and the session cookie is HttpOnly and SameSite', async ({ page, context }) => {
  const response = await goto(page, '/sign-in');
  const headers = response!.headers();
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['cache-control']).toContain('no-store');

  await signIn(page, STAFF);
  await expect(page).toHaveURL('/');
  const session = (await context.cookies()).find((c) => c.name.endsWith('next-auth.session-token'));
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
});
