import { expect, test } from '@playwright/test';
import { STAFF, demoAgencyConnected, signedIn } from './helpers';

// Rows in the first HTML: each list page reads its first page on the server and hands it to the browser's cache,
// so the rows are in the HTML itself and the browser makes no list call until the person pages or filters.
test.beforeAll(({ browser }) => demoAgencyConnected(browser));

const LISTS = [
  { path: '/candidates', api: '/api/nxsys/candidates', row: /SR-\d+/ },
  { path: '/payment-rates', api: '/api/nxsys/payment-rates', row: /PR-\d+/ },
  { path: '/timesheets', api: '/api/nxsys/timesheets', row: /TS-\d+/ },
  { path: '/payslips', api: '/api/nxsys/payslips', row: /PL-\d+/ },
];

for (const list of LISTS) {
  test(`${list.path}: rows in the first HTML, no list call from the browser until it pages`, async ({ page }) => {
    await signedIn(page, STAFF);
    const html = await (await page.request.get(list.path)).text();
    expect(html).toMatch(list.row);

    const listCalls: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === list.api) listCalls.push(request.url());
    });
    await page.goto(list.path);
    // A row is a link to its record (e.g. /payment-rates/PR-…).
    await expect(page.locator(`tbody tr a[href^="${list.path}/"]`).first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(listCalls).toEqual([]);
    // Paging still runs in the browser.
    const nextPage = page.getByRole('navigation', { name: 'Pagination' }).getByRole('button', { name: 'Next' });
    if (await nextPage.isEnabled().catch(() => false)) {
      await nextPage.click();
      await expect.poll(() => listCalls.length).toBeGreaterThan(0);
    }
  });
}
