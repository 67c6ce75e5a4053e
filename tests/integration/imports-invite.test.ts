// Issue 30 "Bulk": a candidate file's "Send onboarding link" rows become onboarding invitations (lib/onboarding),
// not creates in Nxsys: the preview says which rows are invited, the report lists them, and one person gets one
// invitation and one e-mail however often, and however simultaneously, the file is imported.
import { describe, expect, it } from 'vitest';
import { CANDIDATE_COLUMNS } from '@/lib/imports/schema';
import { importReport, importStatus, previewImport, runImport, startImport } from '@/lib/imports/server';
import { inviteSender } from '@/lib/imports/server/senders';
import { stopJobEngine } from '@/lib/server/jobs';
import { importTestbed } from '../helpers/imports';

const bed = importTestbed({ env: { NXSYS_TIMEOUT_MS: '2000', IMPORTS_LEASE_SECONDS: '3' } });
const { db } = bed;

const header = CANDIDATE_COLUMNS.map((c) => c.header);
const row = (values: Record<string, string>) => CANDIDATE_COLUMNS.map((c) => values[c.field] ?? '');
const csvOf = (rows: string[][]) => [header, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
const unique = () => Math.random().toString(36).slice(2, 8);

/** A full UK row (created in Nxsys from the file). */
const full = (email: string) =>
  row({
    forename: 'Fergus',
    surname: 'Full',
    DOB: '15/05/1990',
    NINumber: 'JK223456C',
    email,
    mobile: '07700 900123',
    payFrequency: 'Weekly',
    paymentModel: 'Umbrella',
    address1: '1 High Street',
    city: 'London',
    postCode: 'SW1A 1AA',
    sortCode: '12-34-56',
    accountNumber: '12345678',
    accountName: 'Fergus Full',
    bankName: 'Barclays',
    country: 'UK',
    sendOnboardingLink: 'No',
  });
const invite = (forename: string, email: string, country: string) =>
  row({ forename, surname: 'Invite', email, country, sendOnboardingLink: 'Yes' });

const invitations = (agencyId: string, emails: string[]) =>
  db.onboardingInvitation.findMany({
    where: { agencyId, email: { in: emails } },
    select: { email: true, invitedById: true, country: true },
  });
const mails = (emails: string[]) => db.mailOutbox.findMany({ where: { toAddress: { in: emails }, kind: 'onboarding_link' } });

describe('bulk invite from the candidate import', () => {
  it('previews which rows are invited, invites them (UK and Ireland) instead of creating them, and the report lists them', async () => {
    const tag = unique();
    const [uk, ie, fr, made] = ['uk', 'ie', 'fr', 'made'].map((p) => `${p}-${tag}@invite.example`) as [string, string, string, string];
    const request = await bed.requestFor(
      csvOf([full(made), invite('Una', uk, 'United Kingdom'), invite('Aoife', ie, 'Ireland'), invite('Fleur', fr, 'France')]),
      'people.csv',
      'CANDIDATES',
    );
    const preview = await previewImport(bed.user, request);
    expect(preview.problems).toEqual([{ rowNumber: 5, errors: { country: 'France is not UK or Ireland' } }]);
    expect(preview.candidates.map((c) => [c.rowNumber, c.email, !!c.invite])).toEqual([
      [2, made, false],
      [3, uk, true],
      [4, ie, true],
    ]);

    const { id } = await startImport(bed.user, { ...request, skip: [5] });
    expect(await runImport(id)).toBe('finished');
    expect(await importStatus(bed.user, id)).toMatchObject({ status: 'FINISHED', created: 3, failed: 0 });
    // Invited, not created in Nxsys: only the full row is a candidate there.
    const inNxsys = bed.sb.store.company('COM-1').candidates.map((c) => String(c.generalSetting.email));
    expect(inNxsys).toContain(made);
    expect(inNxsys).not.toContain(uk);
    expect(inNxsys).not.toContain(ie);
    expect(await invitations(bed.user.agency.id, [uk, ie, fr, made])).toEqual(
      expect.arrayContaining([
        { email: uk, invitedById: bed.user.id, country: 'uk' },
        { email: ie, invitedById: bed.user.id, country: 'ie' },
      ]),
    );
    expect((await invitations(bed.user.agency.id, [uk, ie, fr, made])).length).toBe(2);
    expect((await mails([uk, ie, fr, made])).map((m) => m.toAddress).sort()).toEqual([ie, uk].sort());

    const report = (await (await importReport(bed.user, id)).text()).trim().split('\r\n');
    expect(report.filter((l) => l.includes(',Onboarding link sent,'))).toEqual([
      expect.stringMatching(new RegExp(`^3,.*${uk}.*,Onboarding link sent,,$`)),
      expect.stringMatching(new RegExp(`^4,.*${ie}.*,Onboarding link sent,,$`)),
    ]);
    expect(report.find((l) => l.startsWith('5,'))).toMatch(/,Not sent,,Skipped: Country: France is not UK or Ireland$/);

    // The same file again: the invited rows already have an open link. A row created from the file must be UK.
    const irish = full(`irl-${tag}@invite.example`);
    irish[CANDIDATE_COLUMNS.findIndex((c) => c.field === 'country')] = 'Ireland';
    irish[CANDIDATE_COLUMNS.findIndex((c) => c.field === 'NINumber')] = 'JK223457C';
    const again = await previewImport(bed.user, await bed.requestFor(csvOf([invite('Una', uk, 'UK'), irish]), 'again.csv', 'CANDIDATES'));
    expect(again.problems).toEqual([
      { rowNumber: 2, errors: { email: 'This address already has an open onboarding link' } },
      { rowNumber: 3, errors: { country: 'The import creates UK candidates: send this candidate an onboarding link instead (Yes)' } },
    ]);
  });

  it('the same file imported twice at once (two uploads, each started twice): one invitation and one e-mail per person', async () => {
    const tag = unique();
    const emails = [1, 2, 3].map((n) => `twice-${n}-${tag}@invite.example`);
    const csv = csvOf(emails.map((e, i) => invite(`Twin${i}`, e, i % 2 ? 'Ireland' : 'UK')));
    const [a, b] = await Promise.all([bed.requestFor(csv, 'a.csv', 'CANDIDATES'), bed.requestFor(csv, 'b.csv', 'CANDIDATES')]);
    const starts = await Promise.allSettled([
      startImport(bed.user, a),
      startImport(bed.user, a),
      startImport(bed.user, b),
      startImport(bed.user, b),
    ]);
    const ids = [...new Set(starts.filter((s) => s.status === 'fulfilled').map((s) => s.value.id))];
    // Whichever upload started first took the rows; the other had none left to send.
    expect(ids).toHaveLength(1);
    expect(starts.filter((s) => s.status === 'rejected').map((s) => s.reason.code)).toEqual(['import_rows_invalid', 'import_rows_invalid']);
    await Promise.all([runImport(ids[0]!), runImport(ids[0]!)]);
    expect(await importStatus(bed.user, ids[0]!)).toMatchObject({ created: 3, failed: 0 });

    const made = await invitations(bed.user.agency.id, emails);
    expect(made.map((i) => i.email).sort()).toEqual([...emails].sort());
    expect((await mails(emails)).map((m) => m.toAddress).sort()).toEqual([...emails].sort());
  });

  it('two imports that both send the same person (the second ticked to send again), run at once: one invitation, the other row fails', async () => {
    const email = `again-${unique()}@invite.example`;
    const first = await bed.requestFor(csvOf([invite('Ada', email, 'UK')]), 'first.csv', 'CANDIDATES');
    const second = await bed.requestFor(csvOf([invite('Ada', email, 'UK')]), 'second.csv', 'CANDIDATES');
    const one = await startImport(bed.user, first);
    const two = await startImport(bed.user, { ...second, resend: [`CAND|${email}`] });
    await Promise.all([runImport(one.id), runImport(two.id)]);
    const results = await Promise.all([importStatus(bed.user, one.id), importStatus(bed.user, two.id)]);
    expect(results.map((r) => [r.created, r.failed]).sort()).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(results.flatMap((r) => r.items.map((i) => i.error)).filter(Boolean)).toEqual([
      'This address already has an open onboarding link: not sent again.',
    ]);
    expect(await invitations(bed.user.agency.id, [email])).toHaveLength(1);
    expect(await mails([email])).toHaveLength(1);
  });

  it('an invitation made by a run that died before recording it is found by the next run, not sent again', async () => {
    const email = `died-${unique()}@invite.example`;
    const { id } = await startImport(bed.user, await bed.requestFor(csvOf([invite('Kit', email, 'UK')]), 'died.csv', 'CANDIDATES'));
    await stopJobEngine(); // the runs are made here, by the test
    // The run that died: it marked the item SENDING and the invitation (and its e-mail) was made; no answer recorded.
    const item = await db.importItem.findFirstOrThrow({ where: { jobId: id } });
    await db.importItem.update({ where: { id: item.id }, data: { state: 'SENDING', sendingAt: new Date(), attempts: 1 } });
    await inviteSender.send(bed.user, (item.payload as { body: unknown }).body);

    expect(await runImport(id)).toBe('finished');
    expect(await importStatus(bed.user, id)).toMatchObject({ created: 1, failed: 0, items: [{ state: 'CREATED', nxsysId: null }] });
    expect(await invitations(bed.user.agency.id, [email])).toHaveLength(1);
    expect(await mails([email])).toHaveLength(1);
  });
});
