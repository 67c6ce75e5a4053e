// What the portal keeps briefly (VAT codes, dashboard figures) is kept per agency: one agency's cached answer is
// never another's, and clearing one agency's leaves the others'.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { dashboardCard, forgetDashboard } from '@/lib/dashboard/server';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { vatCodes } from '@/lib/payment-rates/server';
import { recordChange } from '@/lib/server/changes';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { connectedAdmin, productEnv } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';

const db = testDb();
const envBefore = { ...process.env };
let sb: Sandbox;
let agencyA: Awaited<ReturnType<typeof connectedAdmin>>;
let agencyB: Awaited<ReturnType<typeof connectedAdmin>>;

beforeAll(async () => {
  sb = await sandboxFor();
  const key = generateKeyringEntry('k1');
  Object.assign(process.env, productEnv(sb, key));
  agencyA = await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb, 'payroll@brightwater.example');
  agencyB = await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb, 'payroll@harbour.example');
});
afterAll(async () => {
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

const upstreamCalls = () => sb.control.stats().apiRequests;

describe('VAT codes', () => {
  it('are cached per agency: a second agency asks Nxsys itself and sees its own answer', async () => {
    const firstA = await vatCodes(agencyA);
    const added = { ...sb.store.vatCodes[0]!, id: 'VC-9999', incrementId: 9999, description: 'Added later', VATCode: 'Z9' };
    sb.store.vatCodes.push(added);
    try {
      const before = upstreamCalls();
      expect((await vatCodes(agencyA)).map((c) => c.id)).toEqual(firstA.map((c) => c.id)); // A's own cache
      expect(upstreamCalls()).toBe(before);
      expect((await vatCodes(agencyB)).map((c) => c.id)).toContain('VC-9999'); // B is not served A's copy
      expect(upstreamCalls()).toBe(before + 1);
    } finally {
      sb.store.vatCodes.splice(sb.store.vatCodes.indexOf(added), 1);
    }
  });
});

describe('dashboard figures', () => {
  it('are cached per agency, and a refresh of one agency leaves the others', async () => {
    await forgetDashboard(agencyA.agency.id);
    await forgetDashboard(agencyB.agency.id);
    const a = await dashboardCard(agencyA, 'notApproved');
    let before = upstreamCalls();
    const b = await dashboardCard(agencyB, 'notApproved');
    expect(upstreamCalls()).toBeGreaterThan(before); // B asked Nxsys: A's figures are not B's
    const idsOf = (companyId: string) => new Set(sb.store.company(companyId).timesheets.map((t) => t.id));
    expect(b.recent.every((t) => idsOf('COM-2').has(t.id))).toBe(true);
    expect(a.recent.every((t) => idsOf('COM-1').has(t.id))).toBe(true);

    await forgetDashboard(agencyB.agency.id);
    before = upstreamCalls();
    expect(await dashboardCard(agencyA, 'notApproved')).toEqual(a); // A's still cached
    expect(upstreamCalls()).toBe(before);
    await dashboardCard(agencyB, 'notApproved');
    expect(upstreamCalls()).toBeGreaterThan(before);
  });
});

describe('across app instances', () => {
  it('a write recorded by another instance makes this instance’s dashboard card stale at once', async () => {
    const other = testDb(); // another instance: its own database client, none of this process's memory
    try {
      await dashboardCard(agencyA, 'notApproved');
      let before = upstreamCalls();
      await dashboardCard(agencyA, 'notApproved');
      expect(upstreamCalls()).toBe(before); // cached here
      await recordChange(agencyA.agency.id, 'timesheets', other);
      before = upstreamCalls();
      await dashboardCard(agencyA, 'notApproved');
      expect(upstreamCalls()).toBeGreaterThan(before); // asked Nxsys again
    } finally {
      await other.$disconnect();
    }
  });

  it('VAT codes one instance fetched are served to the others from the shared cache', async () => {
    const key = `vat-codes:${agencyA.agency.id}`;
    await db.sharedCacheEntry.deleteMany({ where: { key } });
    const fetched = await vatCodes(agencyA);
    const stored = await db.sharedCacheEntry.findUnique({ where: { key } });
    expect(stored?.value).toEqual(JSON.parse(JSON.stringify(fetched))); // what every other instance reads
    const before = upstreamCalls();
    await vatCodes(agencyA);
    expect(upstreamCalls()).toBe(before);
  });
});
