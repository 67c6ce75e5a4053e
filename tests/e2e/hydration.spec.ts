import { expect, test, type Page } from '@playwright/test';
import { ADMIN, hydrated, signedIn } from './helpers';

// Before React hydrates a page, only the server's HTML is on screen: a box ticked or a button clicked then is lost
// to React (issue 31: the e-mail switches' Save stayed disabled), or is the browser's own form submit. Controls that
// act through React are disabled until then, and the browser tests wait for the root layout's mark
// (html[data-hydrated]) after every full load. Here the page's scripts are held back to see the server's HTML alone.

/** Holds every Next script chunk until the returned function is called. */
async function holdScripts(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/_next/static/chunks/**', async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

test('the e-mail switches and their Save are disabled until the page is hydrated, then work', async ({ page }) => {
  await signedIn(page, ADMIN);
  const release = await holdScripts(page);
  // Not `goto`, which waits for hydration; and only until 'commit': the held scripts hold back DOMContentLoaded.
  await page.goto('/account', { waitUntil: 'commit' });
  const box = page.getByRole('checkbox', { name: /Right-to-work documents expiring/ });
  await expect(box).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save e-mail settings' })).toBeDisabled();
  await expect(page.locator('html')).not.toHaveAttribute('data-hydrated');

  release();
  await hydrated(page);
  await expect(box).toBeEnabled();
  await box.click(); // not saved: email.spec.ts owns the admin's switches
  await expect(page.getByRole('button', { name: 'Save e-mail settings' })).toBeEnabled();
});

test('sign-in cannot be submitted before hydration (the browser would put the password in the URL)', async ({ page }) => {
  const release = await holdScripts(page);
  await page.goto('/sign-in', { waitUntil: 'commit' });
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled();

  release();
  await hydrated(page);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
});
