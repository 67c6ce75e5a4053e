// Timesheet screens name the worker beside the SR id: Nxsys's documented timesheets carry the candidate's id only,
// so the name comes from the candidate lists, kept 60 s per agency in PostgreSQL (every instance uses what one
// read). A candidate the lists do not name is shown by id alone: a name is never made up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidateCountries, candidateCountriesKey } from '@/lib/candidates/server';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { listResource } from '@/lib/registry';
import { timesheetCandidate, timesheetsWithCandidates } from '@/lib/timesheets/server';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { connectedAdmin, productEnv } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';

const db = testDb();
const envBefore = { ...process.env };
let sb: Sandbox;
let admin: Awaited<ReturnType<typeof connectedAdmin>>;

beforeAll(async () => {
  sb = await sandboxFor();
  const key = generateKeyringEntry('k1');
  Object.assign(process.env, productEnv(sb, key));
  admin = await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb, 'payroll@brightwater.example');
});
afterAll(async () => {
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

const upstreamCalls = () => sb.control.stats().apiRequests;
const forget = () => db.sharedCacheEntry.deleteMany({ where: { key: candidateCountriesKey(admin.agency.id) } });
/** The name a person would read for a candidate of the sandbox's COM-1 (as its candidate lists send it). */
const sandboxName = (id: string) => {
  const c = sb.store.company('COM-1').candidates.find((candidate) => candidate.id === id);
  return c ? `${String(c.generalSetting.forename)} ${String(c.generalSetting.surname)}` : undefined;
};

describe('names beside ids on timesheet screens', () => {
  it("the timesheet list's rows carry each worker's name from the candidate lists (Nxsys's timesheets send only the id)", async () => {
    await forget();
    const page = await listResource(admin, 'timesheets', new URLSearchParams({ size: '25' }));
    expect(page.data.length).toBeGreaterThan(0);
    expect(page.data.every((t) => !(t.subcontractorRef as { fullName?: string }).fullName)).toBe(true); // the docs' shape
    const rows = await timesheetsWithCandidates(admin, page);
    for (const row of rows.data) {
      const id = (row.subcontractorRef as { id: string }).id;
      expect(row.candidateListName, id).toBe(sandboxName(id));
      expect(row.candidateListName).toEqual(expect.any(String));
    }
  });

  it('a candidate the lists do not hold has no name (shown by id alone), and no currency', async () => {
    expect(await timesheetCandidate(admin, 'SR-9999999')).toEqual({ name: null, currency: null });
    const [first] = sb.store.company('COM-1').candidates;
    expect((await timesheetCandidate(admin, first!.id)).name).toBe(sandboxName(first!.id));
  });
});

describe('the candidate lists are kept in PostgreSQL, for every instance', () => {
  it('what one instance read, another reads from the database without asking Nxsys; once expired, Nxsys is asked again', async () => {
    await forget();
    let before = upstreamCalls();
    const read = await candidateCountries(admin);
    expect(upstreamCalls()).toBeGreaterThan(before);
    const [id, name] = [...read.nameById][0]!;

    // Another instance, with its own database client and none of this process's memory, sees the stored lists.
    const other = testDb();
    try {
      const key = candidateCountriesKey(admin.agency.id);
      const stored = await other.sharedCacheEntry.findUnique({ where: { key } });
      const value = stored!.value as { nameById: [string, string][] };
      expect(value.nameById).toContainEqual([id, name]);
      // What the database holds is what every instance answers: change it there, and this instance says so.
      const renamed = { ...value, nameById: value.nameById.map(([k, v]) => [k, k === id ? `${v} (stored)` : v]) };
      await other.sharedCacheEntry.update({ where: { key }, data: { value: renamed } });
      before = upstreamCalls();
      expect((await timesheetCandidate(admin, id)).name).toBe(`${name} (stored)`);
      expect(upstreamCalls()).toBe(before);

      await other.sharedCacheEntry.update({ where: { key }, data: { expiresAt: new Date(Date.now() - 1000) } });
      expect((await timesheetCandidate(admin, id)).name).toBe(name);
      expect(upstreamCalls()).toBeGreaterThan(before);
    } finally {
      await other.$disconnect();
    }
  });
});
