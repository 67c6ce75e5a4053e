// Fixes that had no test of their own: /activity's filters stay within a phone's width with a very long staff
// name (each select `max-w-full`); the candidate form's step hands the focus to its first field in the same task
// as the step's render (a layout effect), before a keystroke can land in another field; the timesheet list's
// candidate-id filter applies on Enter, not only when the field loses the focus.
import { expect, test } from '@playwright/test';
import { EASTGATE_ADMIN, STAFF, demoAgencyConnected, goto, signedIn } from './helpers';

test('/activity at 390 px: a very long staff name in the Person filter does not widen the page', async ({ page }) => {
  await signedIn(page, EASTGATE_ADMIN);
  const name = `Bartholomew Maximilian Fitzgerald-Featherstonehaugh Worthington-Smythe ${Date.now()}`;
  const added = await page.request.post('/api/staff', {
    data: { name, email: `long.name.${Date.now()}@eastgate.example`, role: 'STAFF', password: 'a long enough password' },
  });
  expect(added.status()).toBe(201);

  await page.setViewportSize({ width: 390, height: 844 });
  await goto(page, '/activity');
  const person = page.getByLabel('Person');
  await expect(person.locator('option', { hasText: name })).toHaveCount(1);
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `the page's width at ${clientWidth} px`).toBeLessThanOrEqual(clientWidth);
  const box = (await person.boundingBox())!;
  expect(box.x + box.width, 'the Person filter ends inside the screen').toBeLessThanOrEqual(390);
});

test.describe('on the connected demo agency', () => {
  test.beforeAll(({ browser }) => demoAgencyConnected(browser));

  test("Next: the step's first field has the focus as soon as the step is on the page", async ({ page }) => {
    await signedIn(page, STAFF);
    await goto(page, '/candidates/new?country=uk');
    await page.getByLabel('First name').fill('Fay');
    await page.getByLabel('Last name').fill('Focus');
    await page.getByLabel('Date of birth').fill('1990-05-15');
    await page.getByLabel('National Insurance number').fill(`TW${String(Date.now()).slice(-6)}A`);
    // Where the focus is when the next step's fields reach the DOM: a MutationObserver's callback runs right after
    // the render that added them (a microtask), before any other task, such as a keystroke, can run.
    const focused = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const firstField = () => [...document.querySelectorAll('label')].find((l) => /^\s*Address line 1/.test(l.textContent ?? ''));
          const observer = new MutationObserver(() => {
            if (!firstField()) return;
            observer.disconnect();
            const active = document.activeElement as HTMLInputElement | null;
            resolve(active?.labels?.[0]?.textContent?.trim() ?? active?.tagName ?? '');
          });
          observer.observe(document.body, { childList: true, subtree: true });
          [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Next')!.click();
        }),
    );
    expect(focused).toMatch(/^Address line 1/);
  });

  test("the timesheet list's candidate-id filter applies on Enter, the focus still in the field", async ({ page }) => {
    await signedIn(page, STAFF);
    await goto(page, '/timesheets');
    const filter = page.getByLabel('Candidate id');
    await filter.fill('SR-101000');
    await filter.press('Enter');
    await expect(page).toHaveURL(/subcontractorRef=SR-101000/);
    await expect(filter).toBeFocused();
  });
});
