// The product's own wiring (env → settings → callNxsys) against the in-process sandbox, as the pages use it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { dashboardCard, forgetDashboard } from '@/lib/server/dashboard';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { getPayslip } from '@/lib/server/payslips';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { connectedAdmin } from '../helpers/nxsys';
import { client, sandboxFor } from '../sandbox/helpers';

const db = testDb();
let sb: Sandbox;
let admin: Awaited<ReturnType<typeof connectedAdmin>>;
const envBefore = { ...process.env };

beforeAll(async () => {
  sb = await sandboxFor();
  const key = generateKeyringEntry('k1');
  Object.assign(process.env, {
    NEXTAUTH_URL: 'http://localhost:3999', // the sandbox helpers' registered redirect URI lives here
    NEXTAUTH_SECRET: 'integration-test-secret-of-at-least-32-characters',
    TOKEN_ENCRYPTION_KEY: key,
    NXSYS_ENVIRONMENT: 'sandbox',
    NXSYS_API_URL: sb.apiUrl,
    NXSYS_PORTAL_URL: sb.portalUrl,
    NXSYS_CLIENT_ID: client.clientId,
    NXSYS_CLIENT_SECRET: client.clientSecret,
  });
  admin = await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb);
});
afterAll(async () => {
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

describe('payslips', () => {
  it('are read by id, and found through their candidate when Nxsys has no by-id read (only the list is documented)', async () => {
    const stored = sb.store.company('COM-1').payslips.at(-1)!;
    const byId = await getPayslip(admin, stored.id);
    expect(byId).toMatchObject({ id: stored.id, candidateId: stored.candidateId, figures: { net: stored.net, gross: stored.gross } });

    // A Nxsys without GET /nxsys/payslips/{id}: every by-id read is a 404.
    sb.control.setFaults({ failRate: 1, failStatus: 404, pathPrefix: '/nxsys/payslips/PL-' });
    try {
      await expect(getPayslip(admin, stored.id)).rejects.toMatchObject({ code: 'nxsys_not_found' });
      expect(await getPayslip(admin, stored.id, stored.candidateId)).toEqual(byId);
      await expect(getPayslip(admin, 'PL-1', stored.candidateId)).rejects.toMatchObject({ code: 'nxsys_not_found' });
    } finally {
      sb.control.clearFaults();
    }
  });
});

describe('the dashboard', () => {
  it('counts from Nxsys, keeps the answer briefly, and a failing card fails alone', async () => {
    forgetDashboard(admin.agency.id);
    const pending = sb.store.company('COM-1').timesheets.filter((t) => t.approveStatus === 'PENDING_AGENCY_APPROVAL').length;
    expect((await dashboardCard(admin, 'awaitingApproval')).count).toBe(pending);

    sb.control.setFaults({ failRate: 1, failStatus: 503 });
    try {
      expect((await dashboardCard(admin, 'awaitingApproval')).count).toBe(pending); // from the cache, no call made
      await expect(dashboardCard(admin, 'latestPayslips')).rejects.toMatchObject({ code: 'nxsys_unavailable' });
    } finally {
      sb.control.clearFaults();
    }
    forgetDashboard(admin.agency.id);
    const latest = await dashboardCard(admin, 'latestPayslips');
    const newest = [...sb.store.company('COM-1').payslips].sort((a, b) => b.payDate.localeCompare(a.payDate))[0]!;
    expect(latest.latest?.payDate).toBe(newest.payDate);
    expect(latest.inRun).toBe(sb.store.company('COM-1').payslips.filter((p) => p.taxYear === newest.taxYear && p.taxPeriod === newest.taxPeriod).length);
  });
});
