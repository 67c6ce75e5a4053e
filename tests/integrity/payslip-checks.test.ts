// Pay-run review (issue 32) against the in-process sandbox and real PostgreSQL: the differences the sandbox makes
// are found, and "checked" marks are compare-and-set: two marks of one difference at once leave one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { recordChange } from '@/lib/server/changes';
import { markDifferenceChecked, payRunReview, payRuns } from '@/lib/payslips/server';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { connectedAdmin, productEnv } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';

const db = testDb();
let sb: Sandbox;
let admin: Awaited<ReturnType<typeof connectedAdmin>> & { name: string };
const envBefore = { ...process.env };
const run = { taxYear: 2026, taxPeriod: 33, payFrequency: null };

beforeAll(async () => {
  sb = await sandboxFor();
  const key = generateKeyringEntry('k1');
  Object.assign(process.env, productEnv(sb, key));
  admin = { ...(await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb, 'payroll@keystone.example')), name: 'Rita Checker' };
});
afterAll(async () => {
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

describe('reviewing a pay run', () => {
  it('finds the value difference, the duplicate payslip and the unpaid timesheet, and keeps one mark per difference', async () => {
    expect((await payRunReview(admin, run)).differences).toEqual([]); // the seeded run is clean
    const made = sb.control.makeRunDifferences({ companyId: 'COM-4', ...run });
    await recordChange(admin.agency.id, 'dashboard'); // what the dashboard's Refresh does: Nxsys is read again

    const review = await payRunReview(admin, run);
    const byKind = Object.fromEntries(review.differences.map((d) => [d.kind, d]));
    expect(Object.keys(byKind).sort()).toEqual(['duplicate', 'unpaid', 'value']);
    expect(byKind.value!.payslipIds).toEqual([made.valueDiffers.payslipId]);
    expect(byKind.value!.text).toMatch(/\(difference £10\.00\)\.$/);
    expect(byKind.duplicate!.payslipIds.sort()).toEqual([...made.duplicate.payslipIds].sort());
    expect(byKind.unpaid!.timesheetIds).toEqual([made.unpaid.timesheetId]);
    // Every payslip of the documented list is matched by name (it carries no candidate id), and says so.
    expect(review.rows.every((r) => r.match.how === 'name')).toBe(true);
    expect(review.open).toBe(3);

    // Two colleagues mark the same difference at the same moment: one mark, one note, the other is told.
    const results = await Promise.allSettled([
      markDifferenceChecked(admin, run, { key: byKind.value!.key, note: 'first note' }),
      markDifferenceChecked(admin, run, { key: byKind.value!.key, note: 'second note' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'conflict' });
    const kept = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ note: string }>).value.note;
    const rows = await db.payslipCheck.findMany({ where: { agencyId: admin.agency.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ note: kept, checkedByName: 'Rita Checker', taxPeriod: 33, payFrequency: '' });
    expect(await db.auditEvent.count({ where: { agencyId: admin.agency.id, action: 'payslip_difference.checked' } })).toBe(1);

    await expect(markDifferenceChecked(admin, run, { key: 'value:PL-1:1.00:2.00', note: 'x' })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect((await payRuns(admin)).find((r) => r.run.taxPeriod === 33)!.open).toBe(2);
    await markDifferenceChecked(admin, run, { key: byKind.duplicate!.key, note: 'refund asked' });
    await markDifferenceChecked(admin, run, { key: byKind.unpaid!.key, note: 'paid next week' });
    expect((await payRunReview(admin, run)).open).toBe(0);
    const runs = await payRuns(admin);
    expect(runs.find((r) => r.run.taxPeriod === 33)!.open).toBe(0);
    expect(runs.every((r) => r.open === 0)).toBe(true);
  });
});
