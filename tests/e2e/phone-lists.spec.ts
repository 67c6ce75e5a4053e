// Lists on a phone (issue 16): below the md breakpoint every list is a list of cards (the record's link, its fields as
// label–value pairs, its actions and bulk checkbox), sortable with "Sort by"; from md up the table. Timesheet lines
// are editable on a phone without sideways scrolling.
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, demoAgencyConnected, signedIn, goto, reload } from './helpers';

test.beforeAll(async ({ browser }) => demoAgencyConnected(browser));

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** Every list a person uses, and where each card's link goes (null: the rows have no page of their own). */
const LISTS: [string, RegExp | null][] = [
  ['/candidates', /^\/candidates\/SR-\d+\?country=uk$/],
  ['/candidates?country=ie', /^\/candidates\/SR-\d+\?country=ie$/],
  ['/timesheets', /^\/timesheets\/TS-\d+$/],
  ['/payslips', /^\/payslips\/PL-\d+/],
  ['/payment-rates', /^\/payment-rates\/PR-\d+$/],
  ['/activity', null],
  ['/staff', null],
];

async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('[aria-busy="true"], .animate-pulse')).toHaveCount(0, { timeout: 30_000 });
}

async function noSidewaysScroll(page: Page, what: string) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `scrollWidth of ${what} at ${clientWidth} px`).toBeLessThanOrEqual(clientWidth);
}

const visibleCards = (page: Page) => page.getByTestId('list-card').filter({ visible: true });

for (const [path, href] of LISTS) {
  test(`${path}: cards on a 390 px phone, the table at 1280 px`, async ({ page }) => {
    await signedIn(page, ADMIN);
    await page.setViewportSize(PHONE);
    await goto(page, path);
    await settled(page);
    await expect(page.getByRole('table')).toHaveCount(0); // no table shown (nor given to assistive technology)
    const cards = visibleCards(page);
    expect(await cards.count(), `cards of ${path}`).toBeGreaterThan(0);
    await noSidewaysScroll(page, path);
    for (const card of await cards.all()) {
      const box = (await card.boundingBox())!; // laid out within the screen's width, not clipped off to the side
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `a card of ${path} ends inside the screen`).toBeLessThanOrEqual(PHONE.width);
      if (href) {
        const link = card.getByRole('link').first();
        expect(await link.getAttribute('href')).toMatch(href);
      }
      // Every card shows its fields as label–value pairs.
      await expect(card.locator('dt').first()).toBeVisible();
    }

    await page.setViewportSize(DESKTOP);
    await expect(page.getByRole('table').first()).toBeVisible();
    await expect(visibleCards(page)).toHaveCount(0);
  });
}

test('the first server-rendered rows are in the first HTML as a table and as cards', async ({ page }) => {
  await signedIn(page, ADMIN);
  const html = await (await page.request.get('/timesheets')).text();
  expect(html).toMatch(/data-layout="table"[\s\S]*href="\/timesheets\/TS-\d+"/);
  expect(html).toMatch(/data-layout="cards"[\s\S]*data-testid="list-card"[\s\S]*href="\/timesheets\/TS-\d+"/);
});

test('sorting stays on a phone: "Sort by" is the URL-held sort the table headings use', async ({ page }) => {
  await signedIn(page, ADMIN);
  await page.setViewportSize(PHONE);
  await goto(page, '/payment-rates');
  await settled(page);
  const sortBy = page.getByLabel('Sort by').filter({ visible: true });
  await sortBy.selectOption({ label: 'Code (descending)' });
  await expect(page).toHaveURL(/sortField=code&sortType=desc/);
  await settled(page);
  const codes = await visibleCards(page).getByRole('link').allTextContents();
  expect(codes.length).toBeGreaterThan(1);
  expect(codes).toEqual([...codes].sort((a, b) => b.localeCompare(a)));
  await page.setViewportSize(DESKTOP);
  await expect(page.getByRole('columnheader', { name: /Code/ })).toHaveAttribute('aria-sort', 'descending');
  await reload(page);
  await page.setViewportSize(PHONE);
  await expect(page.getByLabel('Sort by').filter({ visible: true })).toHaveValue('code:desc');
});

test('bulk selection works on a phone (copy to next period)', async ({ page }) => {
  await signedIn(page, ADMIN);
  const sheets = (await (await page.request.get('/api/nxsys/timesheets?size=5')).json()) as {
    data: { startDate: string; endDate: string }[];
  };
  const { startDate, endDate } = sheets.data[0]!;
  await page.setViewportSize(PHONE);
  await goto(page, '/timesheets/copy');
  await page.getByLabel('Period from').fill(startDate.slice(0, 10));
  await page.getByLabel('Period to').fill(endDate.slice(0, 10));
  const cards = visibleCards(page);
  await expect(cards.first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('table')).toHaveCount(0);
  await noSidewaysScroll(page, '/timesheets/copy');
  const count = await cards.count();
  await cards.first().getByRole('checkbox').check();
  await expect(page.getByRole('button', { name: 'Preview copies of 1 timesheet' })).toBeEnabled();
  await page.getByRole('checkbox', { name: 'Select every timesheet' }).check();
  await expect(page.getByRole('button', { name: `Preview copies of ${count} timesheet` })).toBeEnabled();
  for (const box of await cards.getByRole('checkbox').all()) await expect(box).toBeChecked();
  expect(await cards.first().getByRole('link').getAttribute('href')).toMatch(/^\/timesheets\/TS-\d+$/);
  // The same selection in the table at desktop width.
  await page.setViewportSize(DESKTOP);
  await expect(page.getByRole('table').getByRole('checkbox', { name: 'Select every timesheet' })).toBeChecked();
});

test('staff and invitations: each person a card with their role and actions within reach', async ({ page }) => {
  await signedIn(page, ADMIN);
  await page.setViewportSize(PHONE);
  await goto(page, '/staff');
  const email = `phone.${Date.now()}@example.com`;
  const form = page.getByRole('form', { name: 'Invite a colleague' });
  await form.getByLabel('Name', { exact: true }).fill('Phone Invitee');
  await form.getByLabel('E-mail address').fill(email);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  const invitation = visibleCards(page).filter({ hasText: email });
  await expect(invitation).toBeVisible();
  // Newest first: other tests' pending invitations may push it above the form just used, so it is brought into view.
  await invitation.scrollIntoViewIfNeeded();
  await expect(invitation.getByRole('button', { name: `Resend the invitation to ${email}` })).toBeInViewport({ ratio: 0 });
  await expect(invitation.getByRole('button', { name: `Revoke the invitation to ${email}` })).toBeVisible();
  const staffCard = visibleCards(page).filter({ hasText: 'staff@northwind.example' });
  await expect(staffCard.getByRole('combobox', { name: /^Role of / })).toBeVisible();
  await expect(staffCard.getByRole('button', { name: /^Reset password for / })).toBeVisible();
  await noSidewaysScroll(page, '/staff');
});

test('timesheet lines are editable on a phone: labelled inputs, no sideways scrolling', async ({ page }) => {
  await signedIn(page, ADMIN);
  await page.setViewportSize(PHONE);
  for (const path of ['/timesheets/new', '/timesheets/TS-1']) {
    await goto(page, path);
    await settled(page);
    for (const name of ['Line 1 payment rate', 'Line 1 rate', 'Line 1 units', 'Line 1 VAT code']) {
      const control = page.getByLabel(name, { exact: true }); // named: the phone shows its label above it too
      await expect(control).toBeVisible();
      const box = (await control.boundingBox())!;
      expect(box.x, `${name} on ${path}`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${name} on ${path}`).toBeLessThanOrEqual(PHONE.width);
    }
    await noSidewaysScroll(page, path);
  }
  // A line entered on the phone, its amounts worked out.
  await goto(page, '/timesheets/new');
  await page.getByLabel('Line 1 payment rate').selectOption({ index: 1 });
  await page.getByLabel('Line 1 rate').fill('12.50');
  await page.getByLabel('Line 1 units').fill('8');
  await expect(page.getByTestId('line-0-net')).toHaveText(/100\.00/);
  await page.getByRole('button', { name: 'Add line' }).click();
  const units2 = page.getByLabel('Line 2 units');
  await expect(units2).toBeVisible();
  const box = (await units2.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  await noSidewaysScroll(page, '/timesheets/new with two lines');
});
