// Candidate writes through the product's own wiring against the in-process sandbox: an NI number not issued yet
// (left out of the request; a Nxsys that wants one refuses at the NI field), and the activity log naming the
// records written (a label stored with each event; older events fall back to type and id).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityFiltersSchema, activityRows, listActivity, targetText } from '@/lib/activity/server';
import { fromNxsysCandidate } from '@/lib/candidates/nxsys';
import { createCandidate, getCandidate, updateCandidate } from '@/lib/candidates/server';
import { savePaymentRate } from '@/lib/payment-rates/server';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { createTimesheet } from '@/lib/timesheets/server';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { paymentRateForm, ukCandidateForm } from '../helpers/fixtures';
import { connectedAdmin, productEnv } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';

const db = testDb();
let sb: Sandbox;
let admin: CurrentUser;
const envBefore = { ...process.env };
const stamp = Date.now();

beforeAll(async () => {
  sb = await sandboxFor();
  const key = generateKeyringEntry('k1');
  Object.assign(process.env, productEnv(sb, key));
  admin = (await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb)) as unknown as CurrentUser;
});
afterAll(async () => {
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

const candidatesSent = () =>
  sb.control
    .requests()
    .filter((r) => r.path === '/nxsys/candidates' && (r.method === 'POST' || r.method === 'PUT'))
    .map((r) => r.body as { generalSetting: Record<string, unknown> });

describe('an NI number not issued yet', () => {
  it('is left out of the create (not "" or null), and a Nxsys that follows the docs accepts the candidate', async () => {
    const form = ukCandidateForm({ forename: 'Noni', surname: 'Pending', email: `noni-${stamp}@example.test` });
    form.generalSetting.NINumber = '';
    sb.control.clearRequests();
    const { id } = await createCandidate(admin, 'uk', form);
    expect(id).toMatch(/^SR-/);
    const [sent] = candidatesSent();
    expect(sent!.generalSetting).not.toHaveProperty('NINumber');
    expect(sb.store.company('COM-1').candidates.find((c) => c.id === id)!.generalSetting.NINumber).toBeUndefined();
  });

  it('refused by a Nxsys that requires one (400 naming NINumber): the refusal is at the NI field, nothing created', async () => {
    sb.control.setProfile({ niRequired: true });
    try {
      const form = ukCandidateForm({ forename: 'Nina', surname: 'Refused', email: `nina-${stamp}@example.test` });
      form.generalSetting.NINumber = '';
      const before = sb.store.company('COM-1').candidates.length;
      const refusal = await createCandidate(admin, 'uk', form).catch((error: unknown) => error);
      expect(refusal).toMatchObject({ code: 'nxsys_rejected', fieldErrors: { 'generalSetting.NINumber': expect.any(String) } });
      const message = (refusal as { fieldErrors: Record<string, string> }).fieldErrors['generalSetting.NINumber']!;
      expect(message).toContain('Nxsys needs a National Insurance number');
      expect(message).toContain('NINumber is required');
      expect(sb.store.company('COM-1').candidates.length).toBe(before);
      // With a number the same candidate goes through.
      form.generalSetting.NINumber = 'AB 12 34 56 C';
      expect((await createCandidate(admin, 'uk', form)).id).toMatch(/^SR-/);
    } finally {
      sb.control.setProfile({ niRequired: false });
    }
  });

  it('a held legacy NI number still blocks only when changed, and cannot be emptied (leaving it out would keep it)', async () => {
    const legacy = ukCandidateForm({ forename: 'Lee', surname: 'Gacy', email: `lee-${stamp}@example.test` });
    const id = sb.control.addLegacyCandidate({
      companyId: 'COM-1',
      country: 'UK',
      generalSetting: { ...legacy.generalSetting, NINumber: 'ZZ810407C', postCode: 'SW1A 1AA' },
      bankSetting: { ...legacy.bankSetting, sortCode: '123456' },
    });
    const values = fromNxsysCandidate('uk', (await getCandidate(admin, id, 'uk')).raw);
    Object.assign(values.pensionSetting, { scheme: 'NEST', optState: 'OPTED_IN' });
    Object.assign(values.payrollSetting, { paymentModel: 'UMBRELLA' });
    values.generalSetting.jobDescription = 'Edited';
    expect(await updateCandidate(admin, 'uk', id, values)).toEqual({ id });
    await expect(
      updateCandidate(admin, 'uk', id, { ...values, generalSetting: { ...values.generalSetting, NINumber: 'ZZ810407D' } }),
    ).rejects.toMatchObject({ name: 'ZodError' });
    const emptied = await updateCandidate(admin, 'uk', id, { ...values, generalSetting: { ...values.generalSetting, NINumber: '' } }).catch(
      (e: { issues?: { path: PropertyKey[]; message: string }[] }) => e.issues,
    );
    expect(emptied).toEqual([
      expect.objectContaining({ path: ['generalSetting', 'NINumber'], message: expect.stringContaining('cannot be removed') }),
    ]);
  });
});

describe('the activity log', () => {
  it('names the candidate, timesheet and payment rate written, on the page and in the CSV export', async () => {
    const created = await createCandidate(
      admin,
      'uk',
      ukCandidateForm({ forename: 'Priya', surname: 'Shah', email: `priya-${stamp}@example.test` }),
    );
    const id = created.id!;
    const values = fromNxsysCandidate('uk', (await getCandidate(admin, id, 'uk')).raw);
    Object.assign(values.payrollSetting, { paymentModel: 'UMBRELLA' });
    values.generalSetting.surname = 'Shah-Patel';
    await updateCandidate(admin, 'uk', id, values);
    const rate = await savePaymentRate(admin, paymentRateForm({ code: `PL${String(stamp).slice(-4)}`, description: 'Commission' }));
    const sheet = await createTimesheet(admin, {
      subcontractorRef: id,
      startDate: '2026-11-02',
      endDate: '2026-11-08',
      taxYear: 2026,
      taxPeriodConfig: 32,
      rates: [{ rateId: rate.id, rate: '12.50', units: '8', vatID: 'VC-2' }],
    });
    // An event from before labels were stored.
    await db.auditEvent.create({
      data: { agencyId: admin.agency.id, actorId: admin.id, action: 'candidate.updated', targetType: 'candidate', targetId: 'SR-100001' },
    });

    const { events, people } = await listActivity(db, admin, activityFiltersSchema.parse({}));
    const names = new Map(people.map((p) => [p.id, p.name]));
    const shown = events.map((e) => [e.action, targetText(e, names)]);
    expect(shown.slice(0, 5)).toEqual([
      ['candidate.updated', 'Candidate SR-100001'],
      ['timesheet.created', `Timesheet ${sheet.id} — Priya Shah-Patel, period 32`],
      ['payment_rate.created', `Payment rate PL${String(stamp).slice(-4)} — Commission`],
      ['candidate.updated', `Priya Shah-Patel (${id})`],
      ['candidate.created', `Priya Shah (${id})`],
    ]);
    expect(shown.at(-1)).toEqual(['nxsys.connected', null]);

    const rows: unknown[][] = [];
    for await (const row of activityRows(db, admin, activityFiltersSchema.parse({ action: 'candidate.updated' }))) rows.push(row);
    expect(rows.slice(0, 2).map((r) => r[3])).toEqual(['Candidate SR-100001', `Priya Shah-Patel (${id})`]);
    expect(rows[1]![2]).toBe('Edited a candidate');
  });
});
