import { expect, test, type Browser, type Page } from '@playwright/test';
import { e2eQuery } from './db';
import { STAFF, demoAgencyConnected, expectPhoneWideAndAxeClean, goto, inboxCount, signedIn } from './helpers';

test.beforeAll(({ browser }) => demoAgencyConnected(browser));

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
type Country = 'uk' | 'ie';

/** Staff invite a candidate on the self-onboarding page; the agency decides the pay frequency. */
async function invite(page: Page, country: Country, name: string, email: string) {
  await goto(page, '/candidates/onboarding');
  const form = page.getByRole('form', { name: 'Invite a candidate' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('E-mail address').fill(email);
  await form.getByLabel('Country').selectOption(country);
  await form.getByLabel('Pay frequency').selectOption('WEEKLY');
  await form.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('row').filter({ hasText: email })).toContainText('Invited');
}

/** The link in the e-mail the candidate received, as the dev inbox (the server's SMTP catcher) shows it. */
async function onboardLink(page: Page, email: string) {
  await expect.poll(() => inboxCount(page, email, /please fill in your details/), { timeout: 30_000 }).toBeGreaterThan(0);
  const href = await page.locator('[data-testid="dev-mail"] a[href*="/onboard/"]').first().getAttribute('href');
  if (!href) throw new Error('no onboarding link');
  return new URL(href).pathname;
}

const next = (page: Page) => page.getByRole('button', { name: 'Next' }).click();

/**
 * The candidate, on a 390 px phone with no account: half the form, leaves, comes back on the same link, finishes
 * every step (right to work and emergency contact too) and submits; the link is refused after.
 */
async function fillInOnPhone(browser: Browser, link: string, country: Country, surname: string, email: string) {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const candidate = await phone.newPage();
  await goto(candidate, link);
  await expectPhoneWideAndAxeClean(candidate, '/onboard/[token]');
  await candidate.setViewportSize({ width: 390, height: 844 });
  await candidate.getByLabel('First name').fill('Casey');
  await candidate.getByLabel('Last name').fill(surname);
  await candidate.getByLabel('Date of birth').fill('15/05/1990');
  // Plain words to the candidate, not to staff.
  if (country === 'uk') await expect(candidate.getByText('Leave empty if you do not have one yet')).toBeVisible();
  if (country === 'uk') await candidate.getByLabel('National Insurance number').fill(`TW${String(Date.now()).slice(-6)}A`);
  await next(candidate);
  await candidate.getByLabel('Address line 1').fill('1 High Street');
  await candidate.getByLabel('Town or city').fill(country === 'uk' ? 'London' : 'Dublin');
  if (country === 'ie') await candidate.getByLabel('County', { exact: true }).fill('Dublin');
  await (country === 'uk' ? candidate.getByLabel('Postcode').fill('SW1A 1AA') : candidate.getByLabel('Eircode').fill('D02 Y006'));
  await candidate.getByLabel('Mobile', { exact: true }).fill(country === 'uk' ? '07700 900123' : '083 123 4567');
  await candidate.getByLabel('Email', { exact: true }).fill(email);
  await candidate.getByLabel('Emergency contact name (optional)').fill('Robin Contact');
  await candidate.getByLabel('Emergency contact mobile (optional)').fill(country === 'uk' ? '07700 900456' : '083 765 4321');
  await next(candidate);
  // The agency chose the pay frequency: shown, not changeable.
  await expect(candidate.getByLabel('Pay frequency')).toBeDisabled();
  await expect(candidate.getByLabel('Pay frequency')).toHaveValue('WEEKLY');
  await expect(candidate.getByText('Your answers are saved.')).toBeVisible(); // then they may close the page
  await candidate.close();

  // Back on the same link: what they typed is there; they finish.
  const again = await phone.newPage();
  await goto(again, link);
  await expect(again.getByLabel('Last name')).toHaveValue(surname);
  for (let i = 0; i < 3; i += 1) await next(again); // personal, contact, employment → right to work
  await again.getByLabel('Document', { exact: true }).selectOption('PASSPORT');
  await again.getByLabel('Document expiry date (optional)').fill('31/12/2030');
  await next(again);
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
  await expect(again.getByText('Check your details. Go back to any step to change them.')).toBeVisible();
  await expect(again.getByText(/Nxsys/)).toHaveCount(0);
  await expectPhoneWideAndAxeClean(again, '/onboard/[token] (review)');
  await again.setViewportSize({ width: 390, height: 844 });
  await again.getByRole('button', { name: 'Submit my details' }).click();
  await expect(again.getByRole('status')).toContainText('Thank you');
  await goto(again, link);
  await expect(again.getByRole('alert').filter({ hasText: 'This link no longer works' })).toBeVisible();
  await phone.close();
}

// Issue 30's "Done when", exactly: staff invite a UK and an Irish candidate; each fills in the form on a phone from
// the e-mailed link; staff review and send both to Nxsys without typing anything; the links no longer work; the
// stored submissions are gone.
test('Done when: a UK and an Irish candidate fill in their own details on a phone; staff send both to Nxsys without typing', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  const people = (['uk', 'ie'] as const).map((country) => {
    const surname = `Selfie${country}${unique()}`;
    return { country, surname, name: `Casey ${surname}`, email: `self.${country}.${unique()}@example.test`, link: '' };
  });
  await signedIn(page, STAFF);
  for (const person of people) await invite(page, person.country, person.name, person.email);
  for (const person of people) person.link = await onboardLink(page, person.email);
  for (const person of people) await fillInOnPhone(browser, person.link, person.country, person.surname, person.email);

  // Staff: only clicks. The submission opens on the review, with what the candidate typed.
  for (const person of people) {
    await goto(page, '/candidates/onboarding');
    const row = page.getByRole('row').filter({ hasText: person.email });
    await expect(row).toContainText('Submitted — to review');
    await row.getByRole('link', { name: 'Review' }).click();
    const review = page.getByRole('region', { name: 'Right to work' });
    await expect(review).toContainText('Passport');
    await expect(review).toContainText('31/12/2030');
    await expect(page.getByRole('region', { name: 'Address and contact' })).toContainText('Robin Contact');
    await page.getByRole('button', { name: 'Send to Nxsys' }).click();
    await page.waitForURL(/\/candidates\/SR-/);
  }
  await goto(page, '/candidates/onboarding');
  for (const person of people) await expect(page.getByRole('row').filter({ hasText: person.email })).toContainText(/Sent — SR-\d+/);

  // The links no longer work.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const candidate = await phone.newPage();
  for (const person of people) {
    await goto(candidate, person.link);
    await expect(candidate.getByRole('alert').filter({ hasText: 'This link no longer works' })).toBeVisible();
  }
  await phone.close();

  // The stored submissions are gone: each invitation keeps its SR id, no link hash and nothing the candidate typed.
  const rows = await e2eQuery<{ email: string; submission: string | null; tokenHash: string | null; srId: string | null }>(
    'SELECT email, submission, "tokenHash", "srId" FROM "OnboardingInvitation" WHERE email = ANY($1) ORDER BY email',
    [people.map((p) => p.email)],
  );
  expect(rows).toHaveLength(2);
  for (const row of rows) expect(row).toMatchObject({ submission: null, tokenHash: null, srId: expect.stringMatching(/^SR-\d+$/) });
});

test('what the candidate typed is kept when they leave in the middle of a step, without pressing Next', async ({ page, browser }) => {
  const surname = `Midstep${unique()}`;
  const email = `self.mid.${unique()}@example.test`;
  await signedIn(page, STAFF);
  await invite(page, 'uk', `Casey ${surname}`, email);
  const link = await onboardLink(page, email);

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const candidate = await phone.newPage();
  await goto(candidate, link);
  await candidate.getByLabel('First name').click(); // a person's tap (after one, browsers may ask on leaving)
  await candidate.getByLabel('First name').fill('Casey');
  await candidate.getByLabel('Last name').fill(surname);
  // Leaving a field saves the form (once its values changed): wait for the save that holds the last name.
  const saved = candidate.waitForResponse(
    (r) => r.url().endsWith('/api/onboard') && r.request().method() === 'PUT' && !!r.request().postData()?.includes(surname),
  );
  await candidate.getByLabel('Date of birth').focus();
  expect((await saved).status()).toBe(204);
  await expect(candidate.getByText('Your answers are saved.')).toBeVisible();
  // Saved: leaving the page asks nothing.
  const dialogs: string[] = [];
  const closeAsked = async (page: Page) => {
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    const closed = page.waitForEvent('close');
    await page.close({ runBeforeUnload: true });
    await closed;
  };
  await closeAsked(candidate);
  expect(dialogs).toEqual([]);

  const again = await phone.newPage();
  await goto(again, link);
  await expect(again.getByLabel('First name')).toHaveValue('Casey');
  await expect(again.getByLabel('Last name')).toHaveValue(surname);
  // Typed and still in the field (not saved yet): leaving asks first.
  await again.getByLabel('Date of birth').click(); // a person's tap: browsers ask on leaving only after one
  await again.getByLabel('Date of birth').fill('15/05/1990');
  await closeAsked(again);
  expect(dialogs).toEqual(['beforeunload']);
  await phone.close();
});
