import { expect, test, type Page } from '@playwright/test';
import { ADMIN, STAFF, demoAgencyConnected, sandboxControl, signedIn, goto, reload } from './helpers';

// The lists are read on the server for the URL: paging, sorting and filtering navigate, the server reads the new page,
// and until it is there the old rows stay on screen, marked busy. Changes made from a list show once the page is
// read again (router.refresh).
test.beforeAll(({ browser }) => demoAgencyConnected(browser));

const firstRowLink = (page: Page, path: string) => page.locator(`tbody tr a[href^="${path}/"]`).first();

test('the server reads the page the URL asks for: page 2 is in the first HTML', async ({ page }) => {
  await signedIn(page, STAFF);
  const pageTwo = (await (await page.request.get('/api/nxsys/candidates?size=10&page=2')).json()) as { data: { id: string }[] };
  const pageOne = (await (await page.request.get('/api/nxsys/candidates?size=10&page=1')).json()) as { data: { id: string }[] };
  expect(pageTwo.data.length).toBeGreaterThan(0);
  const html = await (await page.request.get('/candidates?size=10&page=2')).text();
  for (const { id } of pageTwo.data) expect(html).toContain(id);
  for (const { id } of pageOne.data) expect(html).not.toContain(`>${id}<`);
});

test('paging keeps the old rows on screen, busy, until the next page is there; Back and forward follow the URL', async ({ page }) => {
  await signedIn(page, STAFF);
  await goto(page, '/candidates?size=10');
  const table = page.locator('[data-layout="table"] tbody');
  const first = firstRowLink(page, '/candidates');
  const firstOnPageOne = await first.textContent();
  await expect(table).toHaveAttribute('aria-busy', 'false');

  // Hold the server's answer for page 2 until the old rows have been seen busy.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const listCalls: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/nxsys/')) listCalls.push(request.url());
  });
  await page.route(
    (url) => url.pathname === '/candidates' && url.searchParams.get('page') === '2',
    async (route) => {
      await held;
      await route.continue();
    },
  );
  await page.getByRole('navigation', { name: 'Pagination' }).getByRole('button', { name: 'Next' }).click();
  await expect(table).toHaveAttribute('aria-busy', 'true');
  await expect(table).toHaveClass(/opacity-60/);
  await expect(first).toHaveText(firstOnPageOne!);
  await expect(page.getByTestId('page-number').first()).toHaveText(/^Page 1/);
  release();

  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(page.getByTestId('page-number').first()).toHaveText(/^Page 2/);
  await expect(table).toHaveAttribute('aria-busy', 'false');
  await expect(first).not.toHaveText(firstOnPageOne!);
  const firstOnPageTwo = await first.textContent();
  // The browser asked our list API for nothing: the page was read on the server.
  expect(listCalls).toEqual([]);

  // A row, then Back: the same page of the list, from its URL.
  await first.click();
  await expect(page).toHaveURL(/\/candidates\/SR-/);
  await page.goBack();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(first).toHaveText(firstOnPageTwo!);
  await page.goForward();
  await expect(page).toHaveURL(/\/candidates\/SR-/);
});

test('sorting from the column heading navigates; the URL holds the sort and the server sorts', async ({ page }) => {
  await signedIn(page, STAFF);
  await goto(page, '/payment-rates');
  await page.locator('[data-layout="table"]').getByRole('button', { name: 'Code' }).click();
  await expect(page).toHaveURL(/sortField=code&sortType=desc/);
  const codes = await page.locator('[data-layout="table"] tbody tr td:first-child a').allTextContents();
  expect(codes.length).toBeGreaterThan(1);
  expect([...codes].sort((a, b) => b.localeCompare(a))).toEqual(codes);
  // Reloaded, the same view: the server read the sorted page.
  await reload(page);
  expect(await page.locator('[data-layout="table"] tbody tr td:first-child a').allTextContents()).toEqual(codes);
});

test('a list Nxsys cannot answer says so with "Try again", which reads the page again', async ({ page }) => {
  await signedIn(page, STAFF);
  // Every attempt of one read fails (the portal tries a read three times).
  await sandboxControl('faults', { companyId: 'COM-1', pathPrefix: '/nxsys/payment-rate', method: 'GET', failNext: 3, failStatus: 503 });
  await goto(page, '/payment-rates?search=a');
  const alert = page.getByRole('alert').filter({ has: page.getByRole('button', { name: 'Try again' }) });
  await expect(alert).toBeVisible();
  await expect(page.locator('tbody tr a[href^="/payment-rates/"]')).toHaveCount(0);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(firstRowLink(page, '/payment-rates')).toBeVisible();
  await expect(alert).toHaveCount(0);
});

test('a change made from a list shows once the page is read again: a role change, without a reload', async ({ page }) => {
  const email = `robin.list.${Date.now()}@northwind.example`;
  await signedIn(page, ADMIN);
  await goto(page, '/staff');
  await page.getByLabel('Full name').fill('Robin List');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Initial password').fill('robin-initial-password');
  await page.getByRole('button', { name: 'Add staff member' }).click();
  const row = page.getByRole('row', { name: new RegExp(email) });
  await expect(row).toContainText('Active');
  await row.getByRole('combobox', { name: 'Role of Robin List' }).selectOption('ADMIN');
  await page.getByRole('dialog').getByRole('button', { name: 'Change role' }).click();
  await expect(page.getByText('Robin List is now an admin.')).toBeVisible();
  await expect(row.getByRole('combobox', { name: 'Role of Robin List' })).toHaveValue('ADMIN');
  await row.getByRole('button', { name: 'Deactivate Robin List' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
  await expect(row).toContainText('Deactivated');
  await expect(row.getByRole('button', { name: 'Reactivate Robin List' })).toBeVisible();
});
