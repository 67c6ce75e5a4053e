// Issue 30 "Bulk": the candidate import's "Send onboarding link" column. Rows marked Yes are e-mailed an onboarding
// link (a UK and an Irish candidate) instead of being created in Nxsys: the preview says so, the report lists them,
// each person gets one e-mail, the onboarding list shows them invited, and the same file again invites no one twice.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { CANDIDATE_COLUMNS } from '@/lib/imports/options';
import { WESTFIELD_ADMIN, WESTFIELD_NXSYS_USER, ensureConnected, goto, inboxCount, signedIn } from './helpers';
import { uploadAndPreview } from './import-preview';

test.setTimeout(180_000);

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

test('a candidate file invites its "Send onboarding link" rows: previewed, sent once, in the report and the onboarding list', async ({
  page,
}) => {
  await signedIn(page, WESTFIELD_ADMIN);
  await ensureConnected(page, WESTFIELD_NXSYS_USER);
  const tag = unique();
  const people = [
    { forename: 'Una', surname: `Bulk${tag}`, email: `bulk.uk.${tag}@example.test`, country: 'UK' },
    { forename: 'Aoife', surname: `Bulk${tag}`, email: `bulk.ie.${tag}@example.test`, country: 'Ireland' },
  ];
  const lines = [
    CANDIDATE_COLUMNS.map((c) => c.header),
    ...people.map((p) => CANDIDATE_COLUMNS.map((c) => ({ ...p, sendOnboardingLink: 'Yes' })[c.field as 'email'] ?? '')),
  ];
  const file = { name: 'invite.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.map((l) => l.join(',')).join('\r\n') + '\r\n') };

  await uploadAndPreview(
    page,
    '/candidates/import',
    file,
    '2 rows read from invite.csv: every row is ready. 2 candidates to create (2 invited by onboarding link).',
  );
  await expect(page.getByTestId('invite-2')).toHaveText('will be e-mailed an onboarding link to fill in their own details');
  await expect(page.getByTestId('invite-3')).toBeVisible();

  await page.getByRole('button', { name: 'Import 2 candidates' }).click();
  await expect(page).toHaveURL(/\/imports\/[a-z0-9]+$/);
  await expect(page.getByTestId('import-status')).toHaveText('Finished', { timeout: 60_000 });
  await expect(page.getByTestId('import-counts')).toHaveText('2 of 2 candidates done: 2 created, 0 failed.');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the report' }).click()]);
  const report = readFileSync(await download.path())
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(report.slice(1).map((l) => l.replace(/^(\d+),.*,([^,]*),([^,]*),([^,]*)$/, '$1 $2|$3|$4'))).toEqual([
    '2 Onboarding link sent||',
    '3 Onboarding link sent||',
  ]);

  // One e-mail each, through the outbox; the onboarding list shows them invited.
  for (const p of people) {
    await expect.poll(() => inboxCount(page, p.email, /please fill in your details/), { timeout: 30_000 }).toBe(1);
  }
  await goto(page, '/candidates/onboarding');
  for (const p of people) await expect(page.getByRole('row').filter({ hasText: p.email })).toContainText('Invited');

  // The same file again: each address already has its open link, so nobody is invited twice.
  await goto(page, '/candidates/import');
  await page.getByLabel('File to import').setInputFiles(file);
  await expect(page.getByTestId('problems-2')).toHaveText('Email: This address already has an open onboarding link');
  await expect(page.getByTestId('problems-3')).toHaveText('Email: This address already has an open onboarding link');
  for (const p of people) expect(await inboxCount(page, p.email, /please fill in your details/)).toBe(1);
});
