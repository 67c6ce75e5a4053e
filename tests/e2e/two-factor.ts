import { expect, type Page } from '@playwright/test';
import { totpCodeAt, totpStep } from '../helpers/totp';

/**
 * Sets up an authenticator app on /account with a code computed here, and closes the recovery codes ("I have saved
 * them"); answers the secret, its step, the recovery codes and the code that confirmed it.
 */
export async function enrolApp(page: Page) {
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  const now = new Date();
  await page.getByLabel('Code from your app').fill(totpCodeAt(secret, now));
  await page.getByRole('button', { name: 'Confirm' }).click();
  const list = page.getByRole('list', { name: 'Recovery codes' });
  await expect(list.getByRole('listitem')).toHaveCount(10);
  const recoveryCodes = await list.getByRole('listitem').allTextContents();
  await page.getByRole('button', { name: 'I have saved them' }).click();
  return { secret, step: totpStep(now), recoveryCodes, code: totpCodeAt(secret, now) };
}

/** The sign-in's second step: an app's code or a recovery code, then Continue. */
export async function codeStep(page: Page, code: string) {
  const field = page.getByLabel('Code from your authenticator app');
  await expect(field).toBeVisible();
  await field.fill(code);
  await page.getByRole('button', { name: 'Continue' }).click();
}
