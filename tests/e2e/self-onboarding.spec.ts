import { expect, test, type Page } from '@playwright/test';
import { STAFF, demoAgencyConnected, expectPhoneWideAndAxeClean, goto, inboxCount, signedIn } from './helpers';

// Issue 30's "Done when": staff invite a UK and an Irish candidate; each fills in the form on a phone, half, leaves,
// comes back on the link, finishes and submits; the link is refused after; staff review and send; the SR id shows.

test.beforeAll(({ browser }) => demoAgencyConnected(browser));

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function onboardLink(page: Page, email: string) {
  await expect.poll(() => inboxCount(page, email, /please fill in your details/), { timeout: 30_000 }).toBeGreaterThan(0);
  const href = await page.locator('[data-testid="dev-mail"] a[href*="/onboard/"]').first().getAttribute('href');
  if (!href) throw new Error('no onboarding link');
  return new URL(href).pathname;
}

const next = (page: Page) => page.getByRole('button', { name: 'Next' }).click();

for (const country of ['uk', 'ie'] as const) {
  test(`${country}: a candidate fills in their own details on a phone; staff review and send them to Nxsys`, async ({ page, browser }) => {
    const email = `self.${country}.${unique()}@example.test`;
    const surname = `Selfie${unique()}`;
    await signedIn(page, STAFF);
    await goto(page, '/candidates/onboarding');
    const form = page.getByRole('form', { name: 'Invite a candidate' });
    await form.getByLabel('Name', { exact: true }).fill(`Casey ${surname}`);
    await form.getByLabel('E-mail address').fill(email);
    await form.getByLabel('Country').selectOption(country);
    await form.getByLabel('Pay frequency').selectOption('WEEKLY');
    await form.getByRole('button', { name: 'Send the link' }).click();
    await expect(page.getByRole('row').filter({ hasText: email })).toContainText('Invited');
    const link = await onboardLink(page, email);

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const candidate = await phone.newPage();
    await goto(candidate, link);
    await expectPhoneWideAndAxeClean(candidate, '/onboard/[token]');
    await candidate.setViewportSize({ width: 390, height: 844 });
    // Half: personal details and contact, then the candidate leaves.
    await candidate.getByLabel('First name').fill('Casey');
    await candidate.getByLabel('Last name').fill(surname);
    await candidate.getByLabel('Date of birth').fill('15/05/1990');
    if (country === 'uk') await candidate.getByLabel('National Insurance number').fill(`TW${String(Date.now()).slice(-6)}A`);
    await next(candidate);
    await candidate.getByLabel('Address line 1').fill('1 High Street');
    await candidate.getByLabel('Town or city').fill(country === 'uk' ? 'London' : 'Dublin');
    if (country === 'ie') await candidate.getByLabel('County', { exact: true }).fill('Dublin');
    await (country === 'uk' ? candidate.getByLabel('Postcode').fill('SW1A 1AA') : candidate.getByLabel('Eircode').fill('D02 Y006'));
    await candidate.getByLabel('Mobile', { exact: true }).fill(country === 'uk' ? '07700 900123' : '083 123 4567');
    await candidate.getByLabel('Email', { exact: true }).fill(email);
    await next(candidate);
    await expect(candidate.getByLabel('Pay frequency')).toBeDisabled();
    await candidate.close();

    // Back on the same link: what they typed is there.
    const again = await phone.newPage();
    await goto(again, link);
    await expect(again.getByLabel('Last name')).toHaveValue(surname);
    for (let i = 0; i < 3; i += 1) await next(again); // personal, contact, employment → right to work
    await next(again); // right to work → bank
    await again.getByLabel('Bank name').fill(country === 'uk' ? 'Barclays' : 'AIB');
    await again.getByLabel('Name on the account').fill(`Casey ${surname}`);
    if (country === 'uk') {
      await again.getByLabel('Sort code').fill('12-34-56');
      await again.getByLabel('Account number').fill('12345678');
    } else {
      await again.getByLabel('IBAN').fill('IE29AIBK93115212345678');
      await again.getByLabel('BIC').fill('AIBKIE2D');
    }
    await next(again);
    await again.getByLabel('Payment model').selectOption(country === 'uk' ? 'UMBRELLA' : 'PAYEE');
    if (country === 'ie') await again.getByLabel('PPS number').fill('1234567T');
    await next(again);
    await again.getByRole('button', { name: 'Submit my details' }).click();
    await expect(again.getByRole('status')).toContainText('Thank you');
    await goto(again, link);
    await expect(again.getByRole('alert').filter({ hasText: 'This link no longer works' })).toBeVisible();
    await phone.close();

    await goto(page, '/candidates/onboarding');
    const row = page.getByRole('row').filter({ hasText: email });
    await expect(row).toContainText('Submitted — to review');
    await row.getByRole('link', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Send to Nxsys' }).click();
    await page.waitForURL(/\/candidates\/SR-/);
    await goto(page, '/candidates/onboarding');
    await expect(page.getByRole('row').filter({ hasText: email })).toContainText(/Sent — SR-\d+/);
  });
}
