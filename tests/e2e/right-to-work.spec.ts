import { expect, test, type Page } from '@playwright/test';
import { ADMIN, SANDBOX_API, STAFF, UK_READ_BY_ID, demoAgencyConnected, sandboxControl, signedIn, goto, reload } from './helpers';

// Issue 16, part B: the candidate list filters on right-to-work expiry (checked with Nxsys in the background, saying
// when and what could not be checked); an NI number not issued yet may be left empty; the activity log names records.

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);
test.beforeAll(async ({ browser }) => demoAgencyConnected(browser));

const stamp = Date.now();
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const ukDate = (iso: string) => iso.split('-').reverse().join('/');

/** A UK candidate whose right-to-work document expires on `expiry`, added straight to the sandbox (as Nxsys holds it). */
async function candidateExpiring(surname: string, expiry: string) {
  const response = await fetch(`${SANDBOX_API}/__sandbox/candidates`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      companyId: 'COM-1',
      country: 'UK',
      generalSetting: {
        forename: 'Rita',
        surname,
        DOB: '1985-01-02',
        NINumber: 'AB123456C',
        address: ['2 New Road'],
        city: 'York',
        postCode: 'YO1 7HH',
        country: 'GB',
        mobile: '07700 900123',
        email: `rita.${surname.toLowerCase()}@example.com`,
        payFrequency: 'WEEKLY',
        rightToWorkStatus: 'VERIFIED',
        documentType: 'BIOMETRIC_RESIDENCE_PERMIT',
        documentExpiryDate: expiry,
      },
    }),
  });
  expect(response.status).toBe(201);
}

/** Asks for a fresh check and waits until the view says when it was checked (the scan is a background job). */
async function checkedNow(page: Page) {
  const status = page.getByTestId('right-to-work-status');
  await expect(status.getByRole('button', { name: 'Check again now' })).toBeVisible({ timeout: 60_000 });
  await status.getByRole('button', { name: 'Check again now' }).click();
  await expect(status)
    .toContainText('Checking again now', { timeout: 10_000 })
    .catch(() => undefined); // may already be done
  await expect(status.getByRole('button', { name: 'Check again now' })).toBeVisible({ timeout: 60_000 });
  await expect(status).toContainText(/checked \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}/);
}

test('the candidate list filters on right-to-work documents expiring within 30 days, and expired ones', async ({ page }) => {
  const soon = `Soon${stamp}`;
  const gone = `Gone${stamp}`;
  await candidateExpiring(soon, day(12));
  await candidateExpiring(gone, day(-5));
  await signedIn(page, STAFF);
  await goto(page, '/candidates');
  await page.getByLabel('Right to work').selectOption({ label: 'Expiring within 30 days' });
  await expect(page).toHaveURL(/rightToWork=expiring/);
  await checkedNow(page);
  const status = page.getByTestId('right-to-work-status');

  if (!UK_READ_BY_ID) {
    // An older Nxsys without the UK read by id: no UK date can be read, and the view says so instead of looking complete.
    await expect(status).toContainText(/\d+ candidates? could not be checked/);
    await expect(page.getByRole('row', { name: new RegExp(soon) })).toHaveCount(0);
    return;
  }
  await expect(status).not.toContainText('could not be checked');
  const row = page.getByRole('row', { name: new RegExp(soon) });
  await expect(row).toBeVisible();
  await expect(row).toContainText(ukDate(day(12))); // the date Nxsys holds, dd/mm/yyyy
  await expect(page.getByRole('row', { name: new RegExp(gone) })).toHaveCount(0);
  await expect(page.getByRole('columnheader', { name: 'Document expires' })).toBeVisible();

  // The view is in the URL: it survives a reload, and the other filter shows the expired document.
  await reload(page);
  await expect(page.getByRole('row', { name: new RegExp(soon) })).toBeVisible();
  await page.getByLabel('Right to work').selectOption({ label: 'Expired' });
  await expect(page).toHaveURL(/rightToWork=expired/);
  await expect(page.getByRole('row', { name: new RegExp(gone) })).toContainText(ukDate(day(-5)));
  await expect(page.getByRole('row', { name: new RegExp(soon) })).toHaveCount(0);
  await page.getByLabel('Right to work').selectOption({ label: 'Any' });
  await expect(page).not.toHaveURL(/rightToWork/);
  await expect(page.getByTestId('right-to-work-status')).toHaveCount(0);
});

async function onboardWithoutNi(page: Page, surname: string) {
  await goto(page, '/candidates/new?country=uk');
  await page.getByLabel('First name').fill('Nadia');
  await page.getByLabel('Last name').fill(surname);
  await page.getByLabel('Date of birth').fill('15/05/1990');
  await expect(page.getByText('Leave empty if the candidate has no NI number yet')).toBeVisible();
  const next = () => page.getByRole('button', { name: 'Next' }).click();
  await next();
  await page.getByLabel('Address line 1').fill('1 High Street');
  await page.getByLabel('Town or city').fill('London');
  await page.getByLabel('Postcode').fill('SW1A 1AA');
  await page.getByLabel('Mobile', { exact: true }).fill('07700 900123');
  await page.getByLabel('Email').fill(`nadia.${surname.toLowerCase()}@example.com`);
  await next();
  await page.getByLabel('Pay frequency').selectOption('WEEKLY');
  await next();
  await next(); // right to work: optional
  await page.getByLabel('Bank name').fill('Barclays');
  await page.getByLabel('Name on the account').fill(`Nadia ${surname}`);
  await page.getByLabel('Sort code').fill('12-34-56');
  await page.getByLabel('Account number').fill('12345678');
  await next();
  await page.getByLabel('Payment model').selectOption('UMBRELLA');
  await next(); // pension: optional
  await expect(page.getByRole('region', { name: 'Personal details' })).toContainText('None yet (left out)');
  await page.getByRole('button', { name: 'Onboard candidate' }).click();
}

test('a UK candidate without an NI number yet is onboarded; a Nxsys that requires one refuses at the NI field', async ({ page }) => {
  await signedIn(page, STAFF);
  const accepted = `Nino${stamp}`;
  await onboardWithoutNi(page, accepted);
  await expect(page.getByText(`Nadia ${accepted} was onboarded.`)).toBeVisible();

  await sandboxControl('config', { profile: { niRequired: true } });
  try {
    const refused = `Nonino${stamp}`;
    await onboardWithoutNi(page, refused);
    const ni = page.getByLabel('National Insurance number');
    await expect(ni).toBeFocused(); // the form went back to the step with the refused field
    await expect(page.locator('form').getByText(/Nxsys needs a National Insurance number for this candidate/)).toBeVisible();
    await expect(page.getByLabel('Last name')).toHaveValue(refused); // nothing typed is lost
    await ni.fill(`TW ${String(stamp).slice(-6, -4)} ${String(stamp).slice(-4, -2)} ${String(stamp).slice(-2)} B`); // a number nobody holds
    await page.getByRole('button', { name: '7. Review' }).click();
    await page.getByRole('button', { name: 'Onboard candidate' }).click();
    await expect(page.getByText(`Nadia ${refused} was onboarded.`)).toBeVisible();
  } finally {
    await sandboxControl('config', { profile: { niRequired: false } });
  }
});

test('the activity log names the candidate after an edit, not only their id', async ({ page }) => {
  test.skip(!UK_READ_BY_ID, 'editing a UK candidate needs the UK read by id');
  const surname = `Label${stamp}`;
  await signedIn(page, ADMIN);
  await onboardWithoutNi(page, surname);
  await expect(page.getByText(`Nadia ${surname} was onboarded.`)).toBeVisible();
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByLabel('Last name').fill(`${surname}-Edited`);
  await page.getByRole('button', { name: '7. Review' }).click();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText(`Nadia ${surname}-Edited was updated.`)).toBeVisible();
  await goto(page, '/activity?action=candidate.updated');
  const row = page.getByRole('row', { name: new RegExp(`Nadia ${surname}-Edited \\(SR-\\d+\\)`) });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Edited a candidate');
});
