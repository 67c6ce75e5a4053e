// Issue 29 part 5: the 12-week trend on the dashboard and a candidate's page. The chart is drawn only when scrolled
// into view (its code is loaded then); its table has the same figures: here a week's hours from a timesheet made now.
import { expect, test } from '@playwright/test';
import { mondayOf, addDays } from '@/lib/timesheets/week-days';
import { ukTaxPeriod } from '@/lib/tax-period';
import { ADMIN, demoAgencyConnected, expectPhoneWideAndAxeClean, goto, signedIn } from './helpers';

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);
test.beforeAll(({ browser }) => demoAgencyConnected(browser));

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

test('a candidate’s trend: drawn when scrolled into view, its table shows the week’s hours', async ({ page }) => {
  await signedIn(page, ADMIN);
  const weekStart = mondayOf(new Date().toISOString().slice(0, 10));
  const { taxYear, period } = ukTaxPeriod(weekStart, 'WEEKLY')!;
  // A UK candidate outside the seed's working subset (every sixth) and the rows other specs use.
  const candidate = ((await (await page.request.get('/api/nxsys/candidates?size=100')).json()) as { data: { id: string }[] }).data[44]!;
  const rates = (
    (await (await page.request.get('/api/nxsys/payment-rates?size=100')).json()) as {
      data: { id: string; code: string; defaultVATCode?: string | { id: string } | null }[];
    }
  ).data;
  const pr100 = rates.find((r) => r.code === 'PR100')!;
  const vatID = typeof pr100.defaultVATCode === 'object' ? pr100.defaultVATCode?.id : pr100.defaultVATCode;
  const made = await page.request.post('/api/timesheets', {
    data: {
      subcontractorRef: candidate.id,
      startDate: weekStart,
      endDate: addDays(weekStart, 6),
      taxYear,
      taxPeriodConfig: period,
      rates: [{ rateId: pr100.id, rate: '12.50', units: '7.5', vatID }],
    },
  });
  expect(made.status()).toBe(201);

  await page.setViewportSize({ width: 1280, height: 800 });
  await goto(page, `/candidates/${candidate.id}`);
  const place = page.getByTestId('trend-chart-place');
  await expect(place).toHaveCount(1);
  await expect(page.getByTestId('trend-chart')).toHaveCount(0); // below the fold: not drawn, its code not loaded
  await place.scrollIntoViewIfNeeded();
  await expect(page.getByTestId('trend-chart')).toBeVisible();
  // uPlot's canvas is the image; its name points at the table.
  const canvas = page.getByTestId('trend-chart').locator('canvas');
  await expect(page.getByRole('img', { name: /Their weeks \(UK, £\): chart \(the figures are in the table below\)/ })).toBeVisible();
  await expect(canvas).toHaveAttribute('role', 'img');
  // Drawn at 1280 px, then the window narrows to a phone's: the canvas follows its container (no clipped chart).
  await page.setViewportSize({ width: 390, height: 844 });
  await expect
    .poll(() => canvas.evaluate((c) => c.getBoundingClientRect().width <= c.closest('figure')!.getBoundingClientRect().width))
    .toBe(true);
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByText('Show as table').click();
  const row = page.getByTestId('trend-table').getByRole('row', { name: new RegExp(`^${dmy(weekStart)}`) });
  await expect(row.getByTestId('trend-hours')).toHaveText('7.5');
  await expect(row).toContainText('£93.75');
  await expectPhoneWideAndAxeClean(page, `/candidates/${candidate.id}`);
});

test('the dashboard’s trend is drawn when scrolled into view and passes axe', async ({ page }) => {
  await signedIn(page, ADMIN);
  await goto(page, '/');
  const place = page.getByTestId('trend-chart-place').first();
  await place.scrollIntoViewIfNeeded();
  await expect(page.getByTestId('trend-chart').first()).toBeVisible();
  await page.getByText('Show as table').first().click();
  await expect(page.getByTestId('trend-table').first().getByRole('row')).toHaveCount(13);
  await expectPhoneWideAndAxeClean(page, '/');
});
