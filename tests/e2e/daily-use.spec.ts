import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  ADMIN,
  demoAgencyConnected,
  expectPhoneWideAndAxeClean,
  SANDBOX_API,
  sandboxControl,
  signedIn,
  STAFF,
  goto,
  reload,
} from './helpers';
import { e2eQuery } from './db';

type Cookie = Awaited<ReturnType<BrowserContext['cookies']>>[number];

// What agency staff hit in a day of real use (issue 16): the candidate picker, legacy records, euro payslips,
// dd/mm/yyyy in any browser language, phones, global search, audited exports, staff roles, accessibility.

test.beforeAll(async ({ browser }) => demoAgencyConnected(browser));

/** A candidate Nxsys holds from before today's rules (its NI number fails HMRC's pattern), added straight to the sandbox. */
async function legacyCandidate(surname: string) {
  const response = await fetch(`${SANDBOX_API}/__sandbox/candidates`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      companyId: 'COM-1',
      country: 'UK',
      generalSetting: {
        title: 'MR',
        gender: 'MALE',
        forename: 'Legacy',
        surname,
        DOB: '1970-03-02',
        maritalStatus: 'SINGLE',
        nationality: 'GB',
        NINumber: 'ZZ810407C',
        address: ['1 Old Road'],
        city: 'Leeds',
        county: 'West Yorkshire',
        postCode: 'LS1 4AP',
        country: 'GB',
        mobile: '07700 900123',
        // Unique per run: a second run on the same server (--repeat-each, a reused server) must not hit "email exists".
        email: `legacy.${surname.toLowerCase()}.${Date.now()}@example.com`,
        dateOfJoining: '2001-09-10',
        payFrequency: 'WEEKLY',
        payMethod: 'BACS',
        rightToWorkStatus: 'VERIFIED',
        documentType: 'PASSPORT',
        documentExpiryDate: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10), // within 30 days
        pensionSetting: { scheme: 'NEST', optState: 'OPTED_IN' },
      },
      bankSetting: { bankName: 'Barclays', accountName: `Legacy ${surname}`, sortCode: '200000', accountNumber: '12345678' },
      payrollSetting: { paymentModel: 'UMBRELLA' },
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

test('the candidate picker never picks one of several Priyas silently', async ({ page }) => {
  await signedIn(page, STAFF);
  await goto(page, '/timesheets/new');
  const picker = page.getByRole('combobox', { name: 'Candidate' });
  await picker.fill('Priya');
  const options = page.getByRole('option');
  await expect(options.first()).toBeVisible();
  expect(await options.count()).toBeGreaterThan(1);
  await picker.press('Enter');
  // Nothing chosen, the form not sent: the picker says several match.
  await expect(page.getByTestId('picked-candidate')).toHaveCount(0);
  await expect(page.getByText(/candidates match “Priya”/)).toBeVisible();
  await expect(page).toHaveURL(/\/timesheets\/new$/);
  // Highlighting one with the arrow keys, then Enter, chooses that one: shown by name with a second identifier.
  await picker.press('ArrowDown');
  await picker.press('ArrowDown');
  const second = (await options.nth(1).textContent())!;
  await picker.press('Enter');
  const picked = page.getByTestId('picked-candidate');
  await expect(picked).toContainText(/Priya \S+/);
  await expect(picked).toContainText(/NI [A-Z]{2}\d{6}[A-D]/);
  expect(second).toContain((await picked.locator('strong').textContent())!);
});

test('a candidate Nxsys holds with a legacy NI number can be edited; the NI number blocks only when changed', async ({ page }) => {
  const id = await legacyCandidate('Ledger');
  await signedIn(page, STAFF);
  await goto(page, `/candidates/${id}/edit?country=uk`);
  const ni = page.getByLabel('National Insurance number');
  await expect(ni).toHaveValue('ZZ810407C');
  await expect(page.getByLabel('Date of birth')).toHaveValue('02/03/1970');
  // Changed to another invalid number: refused at the field.
  await ni.fill('ZZ810407D');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(ni).toHaveAccessibleDescription(/valid National Insurance number/);
  // Back to what Nxsys holds: accepted. Enter in a field moves on, and the next step's first field has the focus.
  await ni.fill('ZZ810407C');
  await ni.press('Enter');
  await expect(page.getByLabel('Address line 1')).toBeFocused();
  await page.getByLabel('Mobile', { exact: true }).fill('07700 900456');
  for (let step = 0; step < 5; step++) await page.getByRole('button', { name: 'Next' }).click();
  // The review shows every field as it will be sent.
  const review = page.getByRole('region', { name: 'Personal details' });
  await expect(review).toContainText('ZZ810407C');
  await expect(review).toContainText('02/03/1970');
  await expect(page.getByRole('region', { name: 'Bank' })).toContainText('20-00-00');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Legacy Ledger was updated.')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/candidates/${id}\\?country=uk`));
  // Its page flags the passport that expires within 30 days.
  await expect(page.getByTestId('rtw-expiry')).toContainText(/passport expires on \d{2}\/\d{2}\/\d{4}, in (9|10|11) days/);
});

test('a candidate’s page is their hub: timesheets and payslips with links and totals', async ({ page }) => {
  await signedIn(page, STAFF);
  await goto(page, '/candidates/SR-101006?country=uk'); // a seeded worker with weekly timesheets and payslips
  const sheets = page.getByTestId('candidate-timesheets');
  await expect(sheets.getByRole('link', { name: /^TS-\d+$/ }).first()).toBeVisible();
  await expect(sheets).toContainText(/£[\d,]+\.\d{2}/);
  const payslips = page.getByTestId('candidate-payslips');
  await expect(payslips.getByRole('link', { name: /^PL-\d+$/ }).first()).toBeVisible();
  await expect(payslips).toContainText(/net £[\d,]+\.\d{2}/);
  await expect(page.getByTestId('rtw-expiry')).toHaveCount(0); // seeded documents expire years from now
  await payslips
    .getByRole('link', { name: /^PL-\d+$/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/payslips\/PL-\d+\?taxYear=\d+&taxPeriod=\d+/);
});

test('timesheet screens name the worker beside the SR id (the list, its page, the dashboard), from the candidate lists', async ({
  page,
}) => {
  await signedIn(page, STAFF);
  // Nxsys's documented timesheets carry only the candidate's id; the names are the candidate lists'.
  const names = new Map<string, string>();
  for (const list of ['candidates', 'candidates-ireland']) {
    const body = (await (await page.request.get(`/api/nxsys/${list}?size=100`)).json()) as { data: { id: string; fullName: string }[] };
    for (const c of body.data) names.set(c.id, c.fullName);
  }
  await goto(page, '/timesheets');
  const rows = page.getByRole('row').filter({ has: page.getByRole('link', { name: /^TS-\d+$/ }) });
  await expect(rows.first()).toBeVisible();
  const candidates = await rows.locator('td:nth-child(2)').allInnerTexts();
  let named = 0;
  for (const cell of candidates) {
    const id = /SR-\d+/.exec(cell)![0];
    if (!names.has(id)) continue; // beyond the first 100 of a list: not checked here
    expect(cell.replace(/\s+/g, ' ').trim()).toBe(`${names.get(id)} ${id}`);
    named++;
  }
  expect(named).toBeGreaterThan(0);
  const first = candidates.findIndex((cell) => names.has(/SR-\d+/.exec(cell)![0]));
  const id = /SR-\d+/.exec(candidates[first]!)![0];
  await rows
    .nth(first)
    .getByRole('link', { name: /^TS-\d+$/ })
    .click();
  await expect(page.getByTestId('timesheet-candidate')).toHaveText(`${names.get(id)} · ${id}`);

  await goto(page, '/');
  const waiting = page.getByRole('link', { name: / · SR-\d+$/ });
  await expect(waiting.first()).toBeVisible({ timeout: 30_000 });
  for (const text of await waiting.allTextContents()) {
    const [name, sr] = text.split(' · ');
    if (names.has(sr!)) expect(name).toBe(names.get(sr!));
    expect(name).not.toBe('—');
  }
});

test('a missing record says "not found" with a way back; /favicon.ico exists', async ({ page }) => {
  await signedIn(page, STAFF);
  await goto(page, '/timesheets/TS-999999999');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(page.getByText('Reload the page')).toHaveCount(0);
  await page.getByRole('link', { name: 'Back to timesheets' }).click();
  await expect(page).toHaveURL(/\/timesheets$/);
  const icon = await page.request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toMatch(/icon/);
});

test('the dashboard says approval happens in Nxsys and links there; a healthy connection’s Reconnect is not primary', async ({ page }) => {
  await signedIn(page, ADMIN);
  await goto(page, '/');
  const note = page.getByTestId('approval-in-nxsys');
  await expect(note).toContainText('approved in Nxsys, not in this portal');
  await expect(note.getByRole('link', { name: 'Open Nxsys to approve them' })).toHaveAttribute('href', /^http:\/\/localhost:\d+\/?$/);
  await expect(page.getByRole('button', { name: /approve/i })).toHaveCount(0);
  await goto(page, '/connection');
  await expect(page.getByRole('button', { name: 'Reconnect' })).toHaveClass(/border-slate-300/); // secondary
});

test('an Irish candidate’s payslip is in euro, a UK one in pounds', async ({ page }) => {
  await signedIn(page, STAFF);
  const irish = (await (await page.request.get('/api/nxsys/candidates-ireland?size=100')).json()) as { data: { fullName: string }[] };
  const irishNames = new Set(irish.data.map((c) => c.fullName));
  const payslips = (await (await page.request.get('/api/nxsys/payslips?size=100')).json()) as {
    data: { id: string; subcontractorName: string; taxYear: number; taxPeriod: number }[];
  };
  const ie = payslips.data.find((p) => irishNames.has(p.subcontractorName));
  const uk = payslips.data.find((p) => !irishNames.has(p.subcontractorName));
  expect(ie, 'an Irish payslip on the first page').toBeTruthy();
  await goto(page, `/payslips/${ie!.id}?taxYear=${ie!.taxYear}&taxPeriod=${ie!.taxPeriod}`);
  await expect(page.getByTestId('net-pay')).toHaveText(/^-?€[\d,]+\.\d{2}$/);
  await expect(page.getByTestId('payslip-gross')).toHaveText(/€/);
  await expect(page.getByText("Employee's PRSI")).toBeVisible();
  await expect(page.getByText('National Insurance')).toHaveCount(0);
  await goto(page, `/payslips/${uk!.id}?taxYear=${uk!.taxYear}&taxPeriod=${uk!.taxPeriod}`);
  await expect(page.getByTestId('net-pay')).toHaveText(/^-?£[\d,]+\.\d{2}$/);
  // The list too: the Irish payslip's row in euro.
  await goto(page, `/payslips?taxYear=${ie!.taxYear}&taxPeriod=${ie!.taxPeriod}&size=100`);
  await expect(page.getByRole('row').filter({ hasText: ie!.id })).toContainText('€', { timeout: 30_000 }); // the whole list is read
});

test.describe('in a browser whose language is en-US', () => {
  test.use({ locale: 'en-US' });

  test('date fields read and write dd/mm/yyyy', async ({ page }) => {
    await signedIn(page, STAFF);
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    await goto(page, '/timesheets/new');
    const start = page.getByLabel('Period start');
    await start.fill('16/11/2026');
    await expect(page.getByLabel('Tax period (week)')).toHaveValue('33'); // 16 November, not the 11th of month 16
    await start.blur();
    await expect(start).toHaveValue('16/11/2026');
    await page.getByLabel('Period end').fill('2/3/2026');
    await page.getByLabel('Period end').blur();
    await expect(page.getByLabel('Period end')).toHaveValue('02/03/2026'); // 2 March
    await expect(page.getByText('The period cannot end before it starts')).toHaveCount(0);
    // The list's period filter: typed dd/mm/yyyy, held in the URL as Nxsys takes it.
    await goto(page, '/timesheets');
    await page.getByLabel('Period from').pressSequentially('01/11/2026'); // typed key by key: half a date is kept, not cleared
    await expect(page.getByLabel('Period from')).toHaveValue('01/11/2026'); // every key is in the field
    await expect(page).toHaveURL(/bactchFrom=2026-11-01/);
    await reload(page);
    await expect(page.getByLabel('Period from')).toHaveValue('01/11/2026');
    // Enter a week and Copy to next period: the same dd/mm/yyyy field, not the browser's mm/dd/yyyy date picker.
    await goto(page, '/timesheets/week');
    await page.getByLabel('Week starting').fill('16/11/2026');
    await expect(page.getByText('16/11/2026–22/11/2026: tax year 2026/27, week 33')).toBeVisible();
    await goto(page, '/timesheets/copy');
    await page.getByLabel('Period from').fill('16/11/2026');
    await page.getByLabel('Period to').fill('22/11/2026');
    await expect(page).toHaveURL(/from=2026-11-16&to=2026-11-22/);
    await reload(page);
    await expect(page.getByLabel('Period from')).toHaveValue('16/11/2026');
    await expect(page.getByLabel('Period to')).toHaveValue('22/11/2026');
  });

  // A run under load saw the period filter above never reach the URL: the page was marked hydrated before the list
  // (streamed later in the same response, once Nxsys answered) was on screen, so the keys went nowhere. First the mark
  // came at the shell's first idle moment, before the list had arrived; then (session 13) at the end of the parse,
  // while the list that had arrived still sat in React's hidden <div> waiting for its batched reveal (up to 300 ms
  // later): Playwright's focus did not take on a hidden input and the keys went to the page. Here Nxsys answers the list
  // 1.5 s late and the reveal is held 1 s more (the batch's timer under load); the mark must wait for both, and a
  // filter typed into at once must work.
  test('the page counts as hydrated only once the list streamed after its shell is on screen', async ({ page }) => {
    await signedIn(page, STAFF);
    const slowList = { companyId: 'COM-1', pathPrefix: '/nxsys/time-sheets', method: 'GET' };
    await sandboxControl('faults', { ...slowList, latencyMs: 1500 });
    try {
      await page.addInitScript(() => {
        // React's inline streaming script defines $RV, the batched reveal of arrived boundaries; hold each reveal 1 s
        // (counted, so a React that renames it fails this test instead of quietly testing nothing).
        const held = window as unknown as { heldReveals: number };
        held.heldReveals = 0;
        let reveal: unknown;
        Object.defineProperty(window, '$RV', {
          configurable: true,
          get: () => reveal,
          set: (fn: (...args: unknown[]) => void) =>
            (reveal = (...args: unknown[]) => setTimeout(() => (held.heldReveals++, fn(...args)), 1000)),
        });
        new MutationObserver((_, observer) => {
          if (document.documentElement?.dataset.hydrated !== 'true') return;
          const filter = document.querySelector('[aria-label="Period from"]');
          (window as unknown as { filterAtMark: string }).filterAtMark = !filter
            ? 'absent'
            : filter.checkVisibility()
              ? 'on screen'
              : 'hidden';
          observer.disconnect();
        }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
      });
      const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0'); // a filter not read before: no cached page
      await goto(page, `/timesheets?bactchTo=2031-01-${day}`);
      expect(await page.evaluate(() => (window as unknown as { filterAtMark?: string }).filterAtMark)).toBe('on screen');
      await page.getByLabel('Period from').pressSequentially('01/11/2026'); // at once, as the test above does
      await expect(page).toHaveURL(/bactchFrom=2026-11-01/);
      expect(await page.evaluate(() => (window as unknown as { heldReveals: number }).heldReveals)).toBeGreaterThan(0);
    } finally {
      await sandboxControl('faults', { ...slowList, latencyMs: 0 });
    }
  });

  // The flaky failure of the test above: typing "01/11/2026" reports 2020-11-01 at "01/11/20"; when that filter came
  // back through the URL after the next key (the text then read "01/11/202"), it replaced the text with "01/11/2020"
  // and the last key was refused (maxlength). A loaded machine makes the URL land late now and then; here it always
  // lands 150 ms late, while keys come every 100 ms.
  test('a date typed into the list filter keeps every key when the URL catches up late', async ({ page }) => {
    await signedIn(page, STAFF);
    await goto(page, '/timesheets'); // hydrated: the list's filters are React's now
    await page.evaluate(() => {
      const replace = history.replaceState.bind(history);
      history.replaceState = (...args: Parameters<History['replaceState']>) => void setTimeout(() => replace(...args), 150);
    });
    const from = page.getByLabel('Period from');
    await from.pressSequentially('01/11/2026', { delay: 100 });
    await expect(page).toHaveURL(/bactchFrom=2026-11-01/);
    await expect(from).toHaveValue('01/11/2026');
  });

  // The other flaky failure of the first test in this block (a loaded run, session 11): the copy page remounted its
  // form whenever a period landed through the URL. "Period to" was being filled while the "Period from" navigation was
  // on its way; it landed between the fill's focus and its keys, the field was replaced, and the keys went nowhere (the
  // URL kept the old end). Here that navigation is held until the other field has the focus and half a date.
  test('a period landing while the other period field is being typed keeps that field, its focus and its keys', async ({ page }) => {
    await signedIn(page, STAFF);
    await goto(page, '/timesheets/copy');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const requested = new Promise<void>((resolve) => {
      void page.route(/\/timesheets\/copy\?from=2026-11-16&/, async (route) => {
        resolve();
        await held;
        await route.continue();
      });
    });
    await page.getByLabel('Period from').fill('16/11/2026');
    await requested;
    const to = page.getByLabel('Period to');
    await to.fill('');
    await to.pressSequentially('22/1');
    release();
    await expect(page.getByText('Loading…')).toHaveCount(0); // the held period has landed
    await expect(to).toBeFocused();
    await to.pressSequentially('1/2026');
    await expect(to).toHaveValue('22/11/2026');
    await expect(page).toHaveURL(/from=2026-11-16&to=2026-11-22/);
    await expect(page.getByLabel('Period from')).toHaveValue('16/11/2026');
  });
});

test.describe('in a browser in New York, with the server in UTC', () => {
  test.use({ timezoneId: 'America/New_York' });

  test('an invitation’s expiry reads in UK time (dd/mm/yyyy HH:mm), not the browser’s', async ({ page }) => {
    const email = `expiry.${Date.now()}@example.test`;
    await signedIn(page, ADMIN);
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
    await goto(page, '/staff');
    const form = page.getByRole('form', { name: 'Invite a colleague' });
    await form.getByLabel('Name', { exact: true }).fill('Tess Timezone');
    await form.getByLabel('E-mail address').fill(email);
    await form.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();
    // A fixed instant (stored as UTC) whose UK, New York and UTC readings all differ: a recomputed expectation
    // would share the code's recipe and could not fail.
    await e2eQuery(`UPDATE "Invitation" SET "expiresAt" = '2027-07-01 23:30:00' WHERE email = $1`, [email]);
    await reload(page);
    await expect(page.getByRole('row').filter({ hasText: email })).toContainText('02/07/2027 00:30 UK time');
    // Revoked again: a pending invitation left behind would lengthen /staff for other tests.
    await page.getByRole('button', { name: `Revoke the invitation to ${email}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await expect(page.getByText(`The invitation to ${email} is revoked.`)).toBeVisible();
  });
});

test('a list says how many rows its filters select only when that is known; payslips start at the newest', async ({ page }) => {
  await signedIn(page, STAFF);
  // The payslip list has no documented sort: the portal reads it to its end, so it knows the count and the order.
  await goto(page, '/payslips');
  await expect(page.getByTestId('list-count')).toHaveText(/^[\d,]+ payslips?$/);
  const { data } = (await (await page.request.get('/api/nxsys/payslips?size=100')).json()) as {
    data: { taxYear: number | string; taxPeriod: number | string }[];
  };
  const newest = Math.max(...data.map((p) => Number(p.taxYear) * 100 + Number(p.taxPeriod)));
  const first = data[0]!;
  expect(Number(first.taxYear) * 100 + Number(first.taxPeriod)).toBe(newest);
  // The documented candidate list sends no totals: no count is shown rather than one made up from a page.
  await goto(page, '/candidates?country=uk');
  await expect(page.getByTestId('page-range')).toBeVisible();
  await expect(page.getByTestId('list-count')).toHaveCount(0);
});

test('global search (Ctrl+K) finds a candidate by NI number, typed with spaces', async ({ page }) => {
  await signedIn(page, STAFF);
  const { data } = (await (await page.request.get('/api/nxsys/candidates?size=5&page=3')).json()) as {
    data: { id: string; NINumber: string; fullName: string }[];
  };
  const target = data[0]!;
  const spaced = target.NINumber.replace(/^(..)(..)(..)(..)(.)$/, '$1 $2 $3 $4 $5');
  await page.keyboard.press('Control+k');
  const box = page.getByRole('combobox', { name: 'Search the portal' });
  await expect(box).toBeFocused();
  await box.fill(spaced);
  await expect(page.getByRole('option', { name: new RegExp(target.id) })).toBeVisible();
  await box.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/candidates/${target.id}\\?country=uk`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(target.fullName);
  // A timesheet id opens the timesheet; the search box is in the header too.
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('combobox', { name: 'Search the portal' }).fill('TS-1');
  await page.getByRole('combobox', { name: 'Search the portal' }).press('Enter');
  await expect(page).toHaveURL(/\/timesheets\/TS-1$/);
});

test('the candidate CSV export is in the activity log', async ({ page }) => {
  await signedIn(page, ADMIN);
  await goto(page, '/candidates?country=uk');
  const download = page.waitForEvent('download');
  await page
    .getByRole('button', { name: 'Export CSV' })
    .or(page.getByRole('link', { name: 'Export CSV' }))
    .click();
  await download;
  await goto(page, '/activity?action=candidates.exported');
  const row = page.getByRole('row').filter({ hasText: 'Exported candidates' }).first();
  await expect(row).toContainText(ADMIN.name);
  await expect(row).toContainText('country: uk');
});

/** On /staff, signed in as the admin: adds a staff member with a name and address no earlier run used. */
async function addStaffMember(page: Page) {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const email = `role.${stamp}@northwind.example`;
  // Unique per run, so that an earlier run's Robin (same server) is not a second match; letters only, as in a name.
  const name = `Robin ${Number(stamp)
    .toString(36)
    .replace(/\d/g, (digit) => 'abcdefghij'[Number(digit)]!)}`;
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Initial password').fill('a long initial password 1');
  await page.getByRole('button', { name: 'Add staff member' }).click();
  return { name, email };
}

// The role change and the password reset each have a member of their own (as one test: up to 48 s of 60 under load).
test('an admin changes a staff member’s role, asked first', async ({ page }) => {
  await signedIn(page, ADMIN);
  await goto(page, '/staff');
  const { name } = await addStaffMember(page);
  const role = page.getByRole('combobox', { name: `Role of ${name}` });
  await expect(role).toHaveValue('STAFF');
  // A role change asks first: Cancel keeps the role held.
  await role.selectOption('ADMIN');
  await page
    .getByRole('dialog', { name: `Make ${name} an admin?` })
    .getByRole('button', { name: 'Cancel' })
    .click();
  await expect(role).toHaveValue('STAFF');
  await reload(page);
  await expect(role).toHaveValue('STAFF');
  await role.selectOption('ADMIN');
  await page
    .getByRole('dialog', { name: `Make ${name} an admin?` })
    .getByRole('button', { name: 'Change role' })
    .click();
  await expect(page.getByText(`${name} is now an admin.`)).toBeVisible();
  await reload(page);
  await expect(page.getByRole('combobox', { name: `Role of ${name}` })).toHaveValue('ADMIN');
});

// Two steps with a limit each (as one test: up to 44 s of 60 under one busy core); the second signs in as the member.
test.describe('an admin resets a staff member’s password', () => {
  test.describe.configure({ mode: 'serial' });
  let member: { email: string; temporary: string };

  test('the admin is shown a temporary password once, to copy', async ({ page }) => {
    await signedIn(page, ADMIN);
    await goto(page, '/staff');
    const { name, email } = await addStaffMember(page);
    await page.getByRole('button', { name: `Reset password for ${name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reset password' }).click();
    const temporary = (await page.getByTestId('temporary-password').textContent())!.trim();
    expect(temporary).toMatch(/^\S{20}$/);
    // Copy puts it on the clipboard and says so.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('dialog').getByRole('button', { name: 'Copy' }).click();
    await expect(page.getByRole('dialog').getByRole('button', { name: 'Copied' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(temporary);
    await page.getByRole('button', { name: 'Done' }).click();
    member = { email, temporary };
  });

  test('the member signs in with it and must choose their own before any page', async ({ page }) => {
    await signedIn(page, { email: member.email, password: member.temporary });
    await goto(page, '/candidates');
    await expect(page).toHaveURL(/\/account$/); // every page waits until they choose their own password
    await expect(page.getByText('An admin gave you a temporary password.')).toBeVisible();
    await page.getByLabel('Current password').fill(member.temporary);
    await page.getByLabel('New password', { exact: true }).fill('robin chose this one 42');
    await page.getByLabel('New password again').fill('robin chose this one 42');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/');
    await goto(page, '/candidates'); // every page is theirs again
    await expect(page).toHaveURL(/\/candidates/);
  });
});

/** Every page, signed in as the admin (who sees them all); records of the demo agency's sandbox company (COM-1). */
const EVERY_PAGE = [
  '/',
  '/candidates?country=uk',
  '/candidates?country=ie',
  '/candidates/new?country=uk',
  '/candidates/new?country=ie',
  '/candidates/SR-101006?country=uk',
  '/candidates/SR-101006/edit?country=uk',
  '/candidates/SR-101240?country=ie',
  '/payment-rates',
  '/payment-rates/new',
  '/payment-rates/PR-1900',
  '/timesheets',
  '/timesheets/new',
  '/timesheets/TS-1',
  '/timesheets/week',
  '/timesheets/review',
  '/timesheets/drafts',
  '/payslips',
  '/payslips/PL-1181000',
  '/staff',
  '/staff/reminders',
  '/activity',
  '/connection',
  '/account',
  '/candidates/SR-999999999?country=uk',
  '/no-such-page',
  '/sign-in',
];

/**
 * Waits for a page's data before measuring it: `goto` waited for hydration, so any data a page loads in the browser
 * shows as a skeleton or a busy list until it has come. (Not "network idle": link prefetches keep the network busy
 * for seconds on a loaded machine, and none of them changes the page.)
 */
async function settled(page: Page) {
  await expect(page.locator('[aria-busy="true"], .animate-pulse')).toHaveCount(0, { timeout: 30_000 });
}

/**
 * The admin's session cookies, signed in once per worker for the page checks below (a sign-in checks a deliberately
 * slow password hash and loads two pages: repeated for each of 20 pages, it made up much of each test's time).
 */
const withAdminSession = test.extend<object, { adminCookies: Cookie[] }>({
  adminCookies: [
    async ({ browser }, use, workerInfo) => {
      const page = await browser.newPage({ baseURL: workerInfo.project.use.baseURL });
      await signedIn(page, ADMIN);
      const { cookies } = await page.context().storageState();
      await page.close();
      await use(cookies);
    },
    { scope: 'worker' },
  ],
});

for (const path of EVERY_PAGE) {
  withAdminSession(
    `${path}: no wider than a 390 px phone, and axe finds no serious or critical violation`,
    async ({ page, adminCookies }) => {
      if (path !== '/sign-in') await page.context().addCookies(adminCookies);
      await page.setViewportSize({ width: 390, height: 844 });
      await goto(page, path);
      await settled(page);
      await expectPhoneWideAndAxeClean(page, path);
    },
  );
}
