// The roster grid (issue 29 part 2): three workers opened from the URL (the to-do list's "Enter these" link), hours
// typed with the keyboard and pasted as a block from Excel, one save → three timesheets through one import job;
// one worker per card on a phone; then one of them copied to the next week (selected, previewed, sent).
import { expect, test, type Page } from '@playwright/test';
import { WESTFIELD_ADMIN, WESTFIELD_NXSYS_USER, ensureConnected, expectPhoneWideAndAxeClean, signedIn, goto } from './helpers';

test.setTimeout(180_000);

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** A block copied from Excel (tab between cells, newline between rows) pasted into the focused cell. */
async function pasteBlock(page: Page, text: string) {
  await page.evaluate((block) => {
    const data = new DataTransfer();
    data.setData('text/plain', block);
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

test('three workers from the URL: keyboard, a pasted block, one save → three timesheets; a phone shows one worker', async ({ page }) => {
  await signedIn(page, WESTFIELD_ADMIN);
  await ensureConnected(page, WESTFIELD_NXSYS_USER);
  const ids = ((await (await page.request.get('/api/nxsys/candidates?size=8')).json()) as { data: { id: string }[] }).data
    .slice(4, 7)
    .map((c) => c.id);
  // A Monday no other run used (a reused server keeps its sandbox), and no week imports.spec.ts uses on Westfield in
  // the same minute: a timesheet the other test made there would be flagged as already held.
  const monday = addDays('2041-04-01', 7 * (Math.floor(Date.now() / 60_000) % 400));
  const monday0 = addDays(monday, -((new Date(`${monday}T00:00:00Z`).getUTCDay() + 6) % 7));

  await goto(page, `/timesheets/week?candidates=${ids.join(',')}&start=${monday0}`);
  await expect(page.getByRole('heading', { name: 'Enter a week' })).toBeVisible();
  await expect(page.getByLabel('Week starting')).toHaveValue(dmy(monday0));
  await expect(page.getByText(new RegExp(`${dmy(monday0)}–${dmy(addDays(monday0, 6))}: tax year \\d{4}/\\d{2}, week \\d+`))).toBeVisible();
  const worker = (i: number) => page.getByTestId(`worker-${ids[i]}`);
  for (const i of [0, 1, 2]) {
    await worker(i)
      .getByLabel(/row 1 payment code$/)
      .selectOption({ label: 'PR100 — Basic hourly' });
    await expect(worker(i).getByLabel(/row 1 VAT code$/)).not.toHaveValue(''); // the rate's default VAT code
  }

  // Typed like a spreadsheet: the rate, → Mon, → Tue, ↓ the next worker's Tue, Enter the third's Tue.
  await worker(0)
    .getByLabel(/row 1 rate/)
    .click();
  await page.keyboard.press('ControlOrMeta+A'); // the rate of their latest timesheet may be there already
  await page.keyboard.type('12.50');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('8');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('8');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.type('6');
  await page.keyboard.press('Enter');
  await page.keyboard.type('5');
  await expect(worker(2).getByLabel(/row 1 Tue hours/)).toBeFocused();
  // The other two rates and a block of Wed–Thu hours pasted from Excel, filling down and right.
  await worker(1)
    .getByLabel(/row 1 rate/)
    .click();
  await pasteBlock(page, '13.00\n14.00\n');
  await worker(0)
    .getByLabel(/row 1 Wed hours/)
    .click();
  await pasteBlock(page, '7.5\t7.5\r\n7\t7\r\n4\t4\r\n');
  await expect(worker(0).getByTestId(`hours-${ids[0]}-1`)).toHaveText(/^Hours 31$/); // the label is there for the phone
  await expect(worker(1).getByTestId(`hours-${ids[1]}-1`)).toHaveText(/^Hours 20$/); // the label is there for the phone
  await expect(worker(2).getByTestId(`hours-${ids[2]}-1`)).toHaveText(/^Hours 13$/); // the label is there for the phone
  await expect(worker(2).getByLabel(/row 1 rate/)).toHaveValue('14.00');

  // A second payment code for the first worker: its Remove stays inside the page at 1440 px.
  await page.setViewportSize({ width: 1440, height: 900 });
  await worker(0)
    .getByRole('button', { name: /Add payment code/ })
    .click();
  await worker(0)
    .getByLabel(/row 2 payment code$/)
    .selectOption({ label: 'PR101 — Basic daily' });
  await worker(0)
    .getByLabel(/row 2 rate/)
    .fill('100');
  await worker(0)
    .getByLabel(/row 2 Sat hours/)
    .fill('1');
  const remove = await worker(0)
    .getByRole('button', { name: /row 2$/ })
    .boundingBox();
  expect(remove!.x + remove!.width).toBeLessThanOrEqual(1440);
  const wrapper = await page
    .locator('table')
    .evaluate((t) => ({ scroll: t.parentElement!.scrollWidth, client: t.parentElement!.clientWidth }));
  expect(wrapper.scroll).toBeLessThanOrEqual(wrapper.client);
  await expect(page.getByTestId('week-total')).toContainText('£');

  // On a phone: one worker at a time, as a card, no sideways scroll; axe clean at 390 and 1280.
  await expectPhoneWideAndAxeClean(page, '/timesheets/week');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByText('Worker 1 of 3')).toBeVisible();
  await expect(worker(1).getByLabel(/row 1 Mon hours/)).toBeHidden();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(worker(1).getByLabel(/row 1 Mon hours/)).toBeVisible();
  await expect(worker(0).getByLabel(/row 1 Mon hours/)).toBeHidden();
  await page.setViewportSize({ width: 1280, height: 800 });

  // One save for the whole week: three timesheets through one import job.
  await page.getByRole('button', { name: 'Save the week (3 workers)' }).click();
  await expect(page.getByTestId('import-status')).toHaveText('Finished', { timeout: 30_000 });
  await expect(page.getByTestId('import-counts')).toHaveText('3 of 3 timesheets done: 3 created, 0 failed.');
  const id = (await page
    .getByRole('link', { name: /^TS-\d+$/ })
    .first()
    .textContent())!;

  // Opened again for the same week: each worker is flagged, left out unless ticked.
  await goto(page, `/timesheets/week?candidates=${ids[0]}&start=${monday0}`);
  await expect(worker(0).getByText(/already covers this week/)).toBeVisible();
  await expect(worker(0).getByRole('checkbox', { name: 'send anyway' })).not.toBeChecked();

  // Copy one of them to the next week.
  await goto(page, '/timesheets');
  await page.getByRole('link', { name: 'Copy to next period' }).click();
  await expect(page.getByRole('heading', { name: 'Copy to next period' })).toBeVisible();
  await page.getByLabel('Period from').fill(monday0);
  await page.getByLabel('Period to').fill(addDays(monday0, 6));
  await page.getByRole('checkbox', { name: `Select ${id}` }).check();
  await page.getByRole('button', { name: 'Preview copies of 1 timesheet' }).click();
  const copyRow = page.getByRole('table', { name: 'Copies to create' }).getByRole('row', { name: new RegExp(id) });
  await expect(copyRow).toContainText(`${dmy(addDays(monday0, 7))}–${dmy(addDays(monday0, 13))}`);
  await page.getByRole('button', { name: 'Copy 1 timesheet to the next period' }).click();
  await expect(page.getByTestId('import-status')).toHaveText('Finished', { timeout: 30_000 });
  await expect(page.getByTestId('import-counts')).toHaveText('1 of 1 timesheets done: 1 created, 0 failed.');
});
