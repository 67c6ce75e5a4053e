import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';

/** The demo accounts seeded for every browser-test run (scripts/db/seed.ts). */
export const ADMIN = { email: 'admin@northwind.example', password: 'northwind-admin-demo', name: 'Alex Morgan' };
export const STAFF = { email: 'staff@northwind.example', password: 'northwind-staff-demo', name: 'Sam Patel' };
export const OTHER_AGENCY_ADMIN = { email: 'admin@southbank.example', password: 'southbank-admin-demo' };
/** A third agency, used only by the connection spec (it revokes and reconnects its grant on sandbox COM-3). */
export const EASTGATE_ADMIN = { email: 'admin@eastgate.example', password: 'eastgate-admin-demo', name: 'Ruth Okafor' };
export const EASTGATE_STAFF = { email: 'staff@eastgate.example', password: 'eastgate-staff-demo' };
export const EASTGATE_OPS_ADMIN = { email: 'ops@eastgate.example', password: 'eastgate-ops-demo' };
export const EASTGATE_NXSYS_USER = 'payroll@meridian.example';

/**
 * Waits until React has hydrated the page now shown (the root layout's HydrationMarker sets `html[data-hydrated]`).
 * Before that the page is only the server's HTML: a checkbox ticked or a button clicked then is lost to React (the
 * form stays clean, the click does nothing), so every full page load in these tests waits for it before acting.
 */
export async function hydrated(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

/** `page.goto` for a portal page, then waits for hydration (see `hydrated`). */
export async function goto(page: Page, path: string) {
  const response = await page.goto(path);
  await hydrated(page);
  return response;
}

/** `page.reload`, then waits for hydration (see `hydrated`). */
export async function reload(page: Page) {
  const response = await page.reload();
  await hydrated(page);
  return response;
}

export async function signIn(page: Page, who: { email: string; password: string }, path = '/sign-in') {
  await goto(page, path);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: /account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** The form's own alert (Next also renders an empty route-announcer with role="alert"). */
export const formAlert = (page: Page) => page.getByRole('alert').filter({ hasText: /\S/ });

/** The sandbox profile the e2e server runs (scripts/local-stack.ts reads the same variables). */
export const SANDBOX_EXTENDED = process.env.SANDBOX_PROFILE === 'extended';
export const UK_READ_BY_ID = process.env.SANDBOX_UK_READ_BY_ID !== 'off';
/** A fourth agency whose Nxsys company (COM-4) has 45 UK candidates, for paging journeys. */
export const WESTFIELD_ADMIN = { email: 'admin@westfield.example', password: 'westfield-admin-demo' };
export const WESTFIELD_NXSYS_USER = 'payroll@keystone.example';
/** Heron Recruitment (sandbox COM-5: three UK workers, no timesheets), for the pay week's browser test alone. */
export const HERON_ADMIN = { email: 'admin@heron.example', password: 'heron-admin-demo', name: 'Nell Byrne' };
export const HERON_STAFF = { email: 'staff@heron.example', password: 'heron-staff-demo', name: 'Tom Reid' };
export const HERON_NXSYS_USER = 'payroll@heron.example';

/** The browser-test server's in-process Nxsys sandbox (scripts/local-stack.ts) and its control routes. */
export const SANDBOX_API = `http://localhost:${Number(process.env.SANDBOX_API_PORT ?? 4110)}`;
export async function sandboxControl(path: string, body: unknown = {}) {
  const response = await fetch(`${SANDBOX_API}/__sandbox/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sandbox control ${path}: ${response.status}`);
}

/** Clears one umbrella company's fault profile (see sandbox/faults.ts). */
export async function clearSandboxFaults(companyId: string) {
  const response = await fetch(`${SANDBOX_API}/__sandbox/faults?companyId=${companyId}`, { method: 'DELETE' });
  if (!response.ok) throw new Error(`sandbox control faults: ${response.status}`);
}

/** Signs in on the sandbox's Nxsys consent page and approves (or denies). */
export async function consentOnNxsys(page: Page, decision: 'Approve' | 'Deny', email = 'payroll@brightwater.example') {
  await expect(page.getByRole('heading', { name: 'Nxsys Admin' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('sandbox-demo');
  await page.getByRole('button', { name: decision }).click();
}

/** Makes sure the signed-in admin's agency is connected to the sandbox (connecting through the consent page if not). */
export async function ensureConnected(page: Page, nxsysUser = 'payroll@brightwater.example') {
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in')); // a sign-in just submitted has landed
  await goto(page, '/connection');
  const status = page.getByTestId('connection-status');
  await expect(status).toBeVisible();
  if ((await status.textContent())?.trim() === 'Connected') return;
  await page
    .getByRole('button', { name: /Connect to Nxsys|Reconnect/ })
    .first()
    .click();
  await consentOnNxsys(page, 'Approve', nxsysUser);
  await expect(status).toHaveText('Connected');
  await hydrated(page); // the consent page redirects back with a full load
}

/** Signs in and waits until the app has loaded (for tests that go straight on to another page). */
export async function signedIn(page: Page, who: { email: string; password: string }) {
  await signIn(page, who);
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  await hydrated(page); // the sign-in form's full navigation into the app
}

/** For a spec's beforeAll: the demo agency (Northwind, on sandbox company COM-1) connected, in a page of its own. */
export async function demoAgencyConnected(browser: Browser) {
  const page = await browser.newPage();
  await signedIn(page, ADMIN);
  await ensureConnected(page);
  await page.close();
}

/**
 * Messages to `to` whose subject matches, as the dev inbox (/dev/mail: the e2e server's local SMTP catcher) shows
 * them now. `page` must be signed in as someone of the agency that sent them (the inbox shows only its mail).
 */
export async function inboxCount(page: Page, to: string, subject: string | RegExp): Promise<number> {
  await goto(page, `/dev/mail?to=${encodeURIComponent(to)}`);
  return page
    .getByTestId('dev-mail')
    .filter({ has: page.getByRole('heading', { name: subject }) })
    .count();
}

/** Waits for the newest message to `to` with that subject and returns the first link in it to `pathname`. */
export async function linkFromInbox(page: Page, to: string, subject: string | RegExp, pathname: string): Promise<string> {
  await expect.poll(() => inboxCount(page, to, subject), { timeout: 30_000, intervals: [500, 1000] }).toBeGreaterThan(0);
  const mail = page
    .getByTestId('dev-mail')
    .filter({ has: page.getByRole('heading', { name: subject }) })
    .first();
  const href = await mail.locator(`a[href*="${pathname}?token="]`).first().getAttribute('href');
  if (!href) throw new Error(`no ${pathname} link in the e-mail to ${to}`);
  return href;
}

/** The widths every axe scan is made at: a phone and a laptop. */
const SCAN_SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];

/**
 * The page now shown fits a 390 px phone (no sideways scroll), and axe finds no serious or critical violation at
 * 390 px and at 1280 px. The caller navigates and waits for the page's data first.
 *
 * Toasts are left out: one may appear, fade in or fade out at any moment of a scan (the first toast loads sonner
 * first), so whether a scan saw one was chance. That chance once failed a run under load ("color-contrast" on a
 * toast's `div[data-title]`: a real defect, sonner's colours, now fixed in components/ui/toast.tsx), and a half-faded
 * toast would fail one for nothing. `expectToastAxeClean` scans a toast at rest, on purpose, instead.
 */
export async function expectPhoneWideAndAxeClean(page: Page, path: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `scrollWidth of ${path} at 390 px`).toBeLessThanOrEqual(clientWidth);
  for (const size of SCAN_SIZES) {
    await page.setViewportSize(size);
    // Violations only: axe then skips the details of every passing and inapplicable check (a measured ~15% of a scan).
    // label-content-name-mismatch (WCAG 2.5.3, label in name) is "experimental" in axe, so off unless enabled.
    const { violations } = await new AxeBuilder({ page })
      .exclude(TOASTS)
      .options({ resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } })
      .analyze();
    expect(serious(violations, size.width), path).toEqual([]);
  }
}

const TOASTS = '[data-sonner-toaster]';

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;
const serious = (violations: AxeResults['violations'], width: number) =>
  violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}) at ${width} px: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);

/**
 * The toast shown now, at rest, passes axe at 390 px and 1280 px: the pointer held on it pauses its timer (sonner), and
 * its entrance has finished (no transition left running) before each scan.
 */
export async function expectToastAxeClean(page: Page, text: string) {
  for (const size of SCAN_SIZES) {
    await page.setViewportSize(size);
    const toast = page.locator('[data-sonner-toast]').filter({ hasText: text });
    await toast.hover();
    await expect(toast).toHaveAttribute('data-mounted', 'true');
    await page.locator(TOASTS).evaluate((list) => Promise.all(list.getAnimations({ subtree: true }).map((a) => a.finished)));
    const { violations } = await new AxeBuilder({ page })
      .include(TOASTS)
      .options({ resultTypes: ['violations'] })
      .analyze();
    expect(serious(violations, size.width), `the toast "${text}"`).toEqual([]);
    await expect(toast).toBeVisible(); // still there: the scan saw it
  }
}
