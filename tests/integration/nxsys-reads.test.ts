// The product's own wiring (env → settings → callNxsys) against the in-process sandbox, as the pages use it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { dashboardCard, forgetDashboard } from '@/lib/dashboard/server';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { getCandidate } from '@/lib/candidates/server';
import { getPayslip } from '@/lib/payslips/server';
import { createTimesheet } from '@/lib/timesheets/server';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { connectedAdmin, productEnv } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';

const db = testDb();
let sb: Sandbox;
let admin: Awaited<ReturnType<typeof connectedAdmin>>;
const envBefore = { ...process.env };

beforeAll(async () => {
  sb = await sandboxFor();
  const key = generateKeyringEntry('k1');
  Object.assign(process.env, productEnv(sb, key));
  admin = await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb);
});
afterAll(async () => {
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

describe('payslips', () => {
  it("are found in the documented list (Nxsys has no payslip read by id), with or without the link's tax period", async () => {
    const stored = sb.store.company('COM-1').payslips.at(-1)!;
    const found = await getPayslip(admin, stored.id);
    expect(found).toMatchObject({
      id: stored.id,
      candidateName: stored.subcontractorName,
      figures: { net: stored.net, gross: stored.gross },
    });
    expect(await getPayslip(admin, stored.id, { taxYear: String(stored.taxYear), taxPeriod: String(stored.taxPeriod) })).toEqual(found);
    await expect(getPayslip(admin, 'PL-1')).rejects.toMatchObject({ code: 'nxsys_not_found' });
  });
});

describe('candidates', () => {
  it('are found in the Irish list when a link does not say the country, and only then', async () => {
    const irish = sb.store.company('COM-1').candidates.find((c) => c.country === 'IE')!;
    expect(await getCandidate(admin, irish.id)).toMatchObject({ country: 'ie', raw: { id: irish.id } });
    await expect(getCandidate(admin, irish.id, 'uk')).rejects.toMatchObject({ code: 'nxsys_not_found' });
    const uk = sb.store.company('COM-1').candidates.find((c) => c.country === 'UK')!;
    expect(await getCandidate(admin, uk.id)).toMatchObject({ country: 'uk', raw: { id: uk.id } });
  });
});

describe('the dashboard', () => {
  const notApproved = () => sb.store.company('COM-1').timesheets.filter((t) => t.approveStatus !== 'APPROVED').length;

  it('counts from documented data, keeps the answer briefly, and a failing card fails alone', async () => {
    await forgetDashboard(admin.agency.id);
    expect((await dashboardCard(admin, 'notApproved')).count).toBe(notApproved());

    sb.control.setFaults({ failRate: 1, failStatus: 503 });
    try {
      expect((await dashboardCard(admin, 'notApproved')).count).toBe(notApproved()); // from the cache, no call made
      await expect(dashboardCard(admin, 'latestPayslips')).rejects.toMatchObject({ code: 'nxsys_unavailable' });
    } finally {
      sb.control.clearFaults();
    }
    await forgetDashboard(admin.agency.id);
    const latest = await dashboardCard(admin, 'latestPayslips');
    const payslips = sb.store.company('COM-1').payslips;
    const newest = Math.max(...payslips.map((p) => p.taxYear * 100 + p.taxPeriod));
    expect(latest.latest!.taxYear! * 100 + latest.latest!.taxPeriod!).toBe(newest);
    expect(latest.inRun).toBe(payslips.filter((p) => p.taxYear * 100 + p.taxPeriod === newest).length);
    expect(latest.atLeast).toBe(false);
  });

  it('counts a timesheet created in the portal at once, not after the figures expire', async () => {
    const before = (await dashboardCard(admin, 'notApproved')).count;
    const company = sb.store.company('COM-1');
    const line = { rateId: company.paymentRates[0]!.id, rate: '10.00', units: '1', vatID: 'VC-1' };
    await createTimesheet(
      { ...admin, name: 'A', email: 'a@example.test', role: 'ADMIN' },
      {
        subcontractorRef: company.candidates[0]!.id,
        startDate: '2026-11-16',
        endDate: '2026-11-22',
        taxYear: 2026,
        taxPeriodConfig: 33,
        rates: [line],
      },
    );
    expect((await dashboardCard(admin, 'notApproved')).count).toBe(before + 1);
  });
});
