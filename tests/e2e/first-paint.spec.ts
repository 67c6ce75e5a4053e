import { expect, test } from '@playwright/test';
import { STAFF, demoAgencyConnected, signedIn, goto } from './helpers';

// Rows in the first HTML: each list page reads the page of rows its URL asks for on the server and renders it, so
// the rows are in the HTML itself and the browser makes no list call at all: paging navigates, and the server
// reads the next page (tests/e2e/list-navigation.spec.ts: the old rows stay, busy, meanwhile).
test.beforeAll(({ browser }) => demoAgencyConnected(browser));

const LISTS = [
  { path: '/candidates', api: '/api/nxsys/candidates', row: /SR-\d+/ },
  { path: '/payment-rates', api: '/api/nxsys/payment-rates', row: /PR-\d+/ },
  { path: '/timesheets', api: '/api/nxsys/timesheets', row: /TS-\d+/ },
  { path: '/payslips', api: '/api/nxsys/payslips', row: /PL-\d+/ },
];

for (const list of LISTS) {
  test(`${list.path}: rows in the first HTML, no list call from the browser, even when it pages`, async ({ page }) => {
    await signedIn(page, STAFF);
    const html = await (await page.request.get(list.path)).text();
    expect(html).toMatch(list.row);

    const listCalls: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === list.api) listCalls.push(request.url());
    });
    await goto(page, list.path);
    // A row is a link to its record (e.g. /payment-rates/PR-…).
    await expect(page.locator(`tbody tr a[href^="${list.path}/"]`).first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(listCalls).toEqual([]);
    // Paging changes the URL; the server reads the next page, whose rows replace these.
    const nextPage = page.getByRole('navigation', { name: 'Pagination' }).getByRole('button', { name: 'Next' });
    if (await nextPage.isEnabled().catch(() => false)) {
      const firstRow = await page.locator(`tbody tr a[href^="${list.path}/"]`).first().getAttribute('href');
      await nextPage.click();
      await expect(page).toHaveURL(/[?&]page=2/);
      await expect(page.getByTestId('page-number').first()).toHaveText(/^Page 2/);
      await expect(page.locator(`tbody tr a[href^="${list.path}/"]`).first()).not.toHaveAttribute('href', firstRow!);
      expect(listCalls).toEqual([]);
    }
  });
}
