// The contract between the portal's Nxsys layer and Nxsys as documented: the portal's own code (env → settings →
// callNxsys, lists, reads, writes, dashboard) against the sandbox in every documented variant. The sandbox follows
// the docs (../shared/nxsys-api.md, "Additions"), never our client, so each test here fails if the portal relies on
// something the docs do not promise: totals on `items` lists, a payslip read by id, a filter a server may ignore,
// a field the documented shapes do not carry, or a default shown as if Nxsys had sent it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCandidate, getCandidate } from '@/lib/candidates/server';
import { allPages } from '@/lib/server/nxsys/normalise';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { dashboardCard, forgetDashboard } from '@/lib/dashboard/server';
import { savePaymentRate } from '@/lib/payment-rates/server';
import { getPayslip } from '@/lib/payslips/server';
import { updateTimesheet, checkTotals } from '@/lib/timesheets/server';
import { getResource, listResource } from '@/lib/registry';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { refreshIdleConnections } from '@/lib/server/nxsys/idle-refresh';
import { clientCredentialsFault, getAccessToken, type TokenDeps } from '@/lib/server/nxsys/token-manager';
import { candidateView } from '@/lib/candidates/nxsys';
import { nxsysTimesheetSchema } from '@/lib/timesheets/schema';
import { DOCS_PROFILE, type Profile } from '../../sandbox/profile';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { paymentRateForm, ukCandidateForm } from '../helpers/fixtures';
import { connectedAdmin, productEnv } from '../helpers/nxsys';
import { client, sandboxFor } from '../sandbox/helpers';

const db = testDb();
let sb: Sandbox;
type Admin = Awaited<ReturnType<typeof connectedAdmin>>;
let brightwater: Admin; // COM-1: 240 UK / 60 Irish candidates, ~500 timesheets and payslips
let keystone: Admin; // COM-4: 45 UK candidates
let keyring: ReturnType<typeof parseKeyring>;
const envBefore = { ...process.env };
const asUser = (a: Admin) => ({ ...a, name: 'Contract Test', email: 'contract@example.test', role: 'ADMIN' as const });

beforeAll(async () => {
  sb = await sandboxFor();
  const key = generateKeyringEntry('k1');
  Object.assign(process.env, productEnv(sb, key));
  keyring = parseKeyring(key);
  brightwater = await connectedAdmin(db, keyring, nxsysSettings(), sb);
  keystone = await connectedAdmin(db, keyring, nxsysSettings(), sb, 'payroll@keystone.example');
});
afterAll(async () => {
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

const DOCS: Partial<Profile> = DOCS_PROFILE;
const VARIANTS: [string, Partial<Profile>][] = [
  ['the docs profile (items without totals, data with meta)', {}],
  ['the extended profile (guessed filters honoured, extra fields)', { name: 'extended' }],
  ['every list as {data, meta}', { listKey: 'data', listTotals: 'meta' }],
  ['every list as {data, totalDocs}', { listKey: 'data', listTotals: 'totalDocs' }],
  ['every list as bare {items}, numbers as strings', { listKey: 'items', listTotals: 'none', numbersAsStrings: true }],
  ['no UK read by id (older deployments)', { ukReadById: false }],
  ['a UK create answering 201 with a body', { ukCreateBody: true }],
  ['the extended profile with numbers as strings', { name: 'extended', numbersAsStrings: true }],
];

const params = (q: Record<string, string | number>) => new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]));
const company = (id: string) => sb.store.company(id);

describe.each(VARIANTS)('against %s', (_name, variant) => {
  beforeEach(async () => {
    sb.control.setProfile({ ...DOCS, ...variant });
    await forgetDashboard(brightwater.agency.id);
  });
  afterAll(() => void sb.control.setProfile(DOCS));

  it('pages a 45-row list at 20 a page to its short last page; totals only when Nxsys sent them, and then right', async () => {
    const pages = [];
    for (let page = 1; page <= 3; page++) pages.push(await listResource(keystone, 'candidates', params({ page, size: 20 })));
    expect(pages.map((p) => p.data.length)).toEqual([20, 20, 5]);
    expect(pages.map((p) => p.meta.hasMore)).toEqual([true, true, false]); // a full page offers Next
    for (const p of pages) expect([null, 45]).toContain(p.meta.totalDocs);
    expect(new Set(pages.flatMap((p) => p.data.map((c) => c.id))).size).toBe(45);
    // An export pages until the short page, whatever the totals.
    const all = [];
    for await (const c of allPages((page) => listResource(keystone, 'candidates', params({ page, size: 20 })))) all.push(c);
    expect(all).toHaveLength(45);
  });

  it('a candidate search the docs do not name shows only matching rows, with the right count', async () => {
    const wanted = company('COM-1').candidates.filter((c) => c.country === 'UK')[150]!;
    const found = await listResource(brightwater, 'candidates', params({ search: String(wanted.generalSetting.email) }));
    expect(found.data.map((c) => c.id)).toEqual([wanted.id]);
    expect(found.meta).toMatchObject({ totalDocs: 1, hasMore: false });
    const inactive = await listResource(brightwater, 'candidates', params({ status: 'INACTIVE', size: 100 }));
    expect(inactive.data.length).toBe(company('COM-1').candidates.filter((c) => c.country === 'UK' && c.status === 'INACTIVE').length);
    expect(inactive.data.every((c) => c.status === 'INACTIVE')).toBe(true);
  });

  it('reads UK and Irish candidates in every documented shape, and shows nothing Nxsys did not send', async () => {
    const uk = company('COM-1').candidates.find((c) => c.country === 'UK')!;
    const read = await getCandidate(brightwater, uk.id, 'uk');
    expect(read.source).toBe(variant.ukReadById === false ? 'list' : 'record');
    const view = candidateView(read.raw);
    expect(view.general).toMatchObject({
      forename: uk.generalSetting.forename,
      surname: uk.generalSetting.surname,
      NINumber: uk.generalSetting.NINumber,
    });
    if (read.source === 'record') {
      expect(view.general.DOB).toBe(uk.generalSetting.DOB);
      expect(view.bank.sortCode).toBe(uk.bankSetting.sortCode);
      expect(view.pension.scheme).toBe('NEST');
    } else {
      expect(view.general.DOB).toBeNull(); // the list does not carry it: "—", never a guess
      expect(view.pension.scheme).toBeNull();
    }
    // An Irish candidate Nxsys sent no gender, pay settings or pension for.
    const sparse = company('COM-1').candidates.find((c) => c.country === 'IE' && c.generalSetting.gender === undefined)!;
    const irish = await getCandidate(brightwater, sparse.id); // a link without the country
    expect(irish.country).toBe('ie');
    const v = candidateView(irish.raw);
    expect(v.general).toMatchObject({
      forename: sparse.generalSetting.forename,
      gender: null,
      payFrequency: null,
      payMethod: null,
      title: null,
    });
    expect(v.pension).toEqual({ scheme: null, optState: null });
    expect(v.payroll.PPSNumber).toBe(sparse.payrollSetting.PPSNumber);
    expect(v.bank.IBANReference).toBe(sparse.bankSetting.IBANReference);
  });

  it('finds a payslip without a read by id, from its link or its id alone, and the dashboard link works', async () => {
    const stored = company('COM-1').payslips[37]!;
    const byLink = await getPayslip(brightwater, stored.id, { taxYear: String(stored.taxYear), taxPeriod: String(stored.taxPeriod) });
    expect(byLink).toMatchObject({
      id: stored.id,
      taxYear: stored.taxYear,
      taxPeriod: stored.taxPeriod,
      candidateName: stored.subcontractorName,
      figures: { net: stored.net, gross: stored.gross, tax: stored.tax },
    });
    expect(await getPayslip(brightwater, stored.id)).toEqual(byLink);
    if (variant.name !== 'extended') expect(byLink.payDate).toBeNull(); // not in the documented item: never invented
    const latest = await dashboardCard(brightwater, 'latestPayslips');
    for (const p of latest.recent)
      expect((await getPayslip(brightwater, p.id, { taxYear: String(p.taxYear), taxPeriod: String(p.taxPeriod) })).id).toBe(p.id);
  });

  it('payslip filters the docs do not name never produce wrong rows or counts', async () => {
    const stored = company('COM-1').payslips[60]!;
    const run = await listResource(brightwater, 'payslips', params({ taxYear: stored.taxYear, taxPeriod: stored.taxPeriod, size: 100 }));
    const expected = company('COM-1').payslips.filter((p) => p.taxYear === stored.taxYear && p.taxPeriod === stored.taxPeriod);
    expect(run.data.map((p) => p.id).sort()).toEqual(expected.map((p) => p.id).sort());
    expect(run.meta.totalDocs).toBe(expected.length);
    // A candidate's payslips: by id where Nxsys sends one, else by the name the link carries.
    const name = stored.subcontractorName;
    const mine = await listResource(
      brightwater,
      'payslips',
      params({ subcontractorIds: stored.candidateId, candidateName: name, size: 100 }),
    );
    const theirs = company('COM-1').payslips.filter((p) =>
      variant.name === 'extended' ? p.candidateId === stored.candidateId : p.subcontractorName === name,
    );
    expect(mine.data.map((p) => p.id).sort()).toEqual(theirs.map((p) => p.id).sort());
  });

  it('timesheet status filters and the dashboard count what the documented approveStatus says', async () => {
    const sheets = company('COM-1').timesheets;
    const approved = await listResource(brightwater, 'timesheets', params({ approveStatus: 'APPROVED', size: 100, page: 2 }));
    expect(approved.data.every((t) => t.approveStatus === 'APPROVED')).toBe(true);
    const notApproved = sheets.filter((t) => t.approveStatus !== 'APPROVED').length;
    const list = await listResource(brightwater, 'timesheets', params({ notApproved: '1', size: 100 }));
    expect(list.meta.totalDocs).toBe(notApproved);
    const card = await dashboardCard(brightwater, 'notApproved');
    expect(card).toMatchObject({ count: notApproved, atLeast: false });
    const run = await dashboardCard(brightwater, 'latestPayslips');
    const newest = Math.max(...company('COM-1').payslips.map((p) => p.taxYear * 100 + p.taxPeriod));
    expect(run.inRun).toBe(company('COM-1').payslips.filter((p) => p.taxYear * 100 + p.taxPeriod === newest).length);
  });

  it('reads timesheets and payment rates with numbers or strings, and totals check out', async () => {
    const stored = company('COM-1').timesheets[3]!;
    const sheet = nxsysTimesheetSchema.parse(await getResource(brightwater, 'timesheets', stored.id));
    expect(sheet).toMatchObject({ id: stored.id, taxYear: stored.taxYear, taxPeriod: stored.taxPeriod, startDate: stored.startDate });
    expect(checkTotals(sheet).matches).toBe(true);
    if (variant.name !== 'extended') expect(sheet.paymentModel).toBeNull();
    const rate = await getResource(brightwater, 'payment-rates', company('COM-1').paymentRates[0]!.id);
    expect(String(rate.hoursPerUnit)).toBe('1');
  });

  it('onboards a UK candidate (201 with or without a body) and learns its id from the documented list', async () => {
    const email = `contract.${Object.values(variant).join('-') || 'docs'}@example.com`;
    const v = ukCandidateForm({ forename: 'Ada', surname: 'Contract', email });
    const { id } = await createCandidate(asUser(brightwater), 'uk', v);
    const stored = company('COM-1').candidates.find((c) => c.generalSetting.email === email)!;
    expect(id).toBe(stored.id);
  });
});

describe('requests as the docs show them', () => {
  beforeEach(() => {
    sb.control.setProfile(DOCS);
    sb.control.clearRequests();
  });
  const sent = (method: string, path: RegExp) => sb.control.requests().filter((r) => r.method === method && path.test(r.path));

  it('candidates carry pensionSetting inside generalSetting, with a documented payment model', async () => {
    const v = ukCandidateForm({ forename: 'Pip', surname: 'Pension', email: 'pip.pension@example.com' });
    v.payrollSetting.paymentModel = 'CIS';
    v.pensionSetting = { scheme: 'NEST', optState: 'OPTED_OUT' };
    await createCandidate(asUser(brightwater), 'uk', v);
    const [post] = sent('POST', /^\/nxsys\/candidates$/);
    const body = post!.body as Record<string, Record<string, unknown>>;
    expect(body.generalSetting!.pensionSetting).toEqual({ scheme: 'NEST', optState: 'OPTED_OUT' });
    expect(body).not.toHaveProperty('pensionSetting');
    expect(body.payrollSetting!.paymentModel).toBe('CIS');
    const stored = company('COM-1').candidates.find((c) => c.generalSetting.email === 'pip.pension@example.com')!;
    expect(candidateView((await getCandidate(brightwater, stored.id, 'uk')).raw).pension).toEqual({
      scheme: 'NEST',
      optState: 'OPTED_OUT',
    });
  });

  it('a payment-rate update has no code; a timesheet update sends numbers', async () => {
    const rate = company('COM-1').paymentRates[2]!;
    await savePaymentRate(
      asUser(brightwater),
      paymentRateForm({ code: rate.code, description: 'Overtime', defaultVATCode: 'VC-1' }),
      rate.id,
    );
    const [put] = sent('PUT', /^\/nxsys\/payment-rate\//);
    expect(put!.body).not.toHaveProperty('code');
    expect(put!.body).toMatchObject({ description: 'Overtime', hoursPerUnit: 1 });

    const pending = company('COM-1').timesheets.find((t) => t.approveStatus === 'PENDING_AGENCY_APPROVAL')!;
    const result = await updateTimesheet(asUser(brightwater), pending.id, {
      rates: [{ rateId: rate.id, rate: '12.3456', units: '7.5', vatID: 'VC-1' }],
    });
    expect(sent('PUT', /^\/nxsys\/time-sheets\//)[0]!.body).toEqual({
      rates: [{ rateId: rate.id, rate: 12.3456, units: 7.5, vatID: 'VC-1' }],
    });
    expect(result.totals?.matches).toBe(true); // read back with numbers, totals still exact
  });
});

describe('tokens, as the OAuth docs describe them', () => {
  it("invalid_client on refresh is the installation's fault: no agency is flipped, and refreshes stop hammering", async () => {
    const a = await connectedAdmin(db, keyring, nxsysSettings(), sb);
    const b = await connectedAdmin(db, keyring, nxsysSettings(), sb, 'payroll@harbour.example');
    // A wrong secret of its own: the fault is shared by every instance (in PostgreSQL) under the credentials' hash.
    const wrongSecret = `a-wrong-secret-${Date.now()}-contract`;
    const deps: TokenDeps = { db, keyring, client: { clientId: client.clientId, clientSecret: wrongSecret }, timeoutMs: 3000 };
    for (const admin of [a, b])
      await db.nxsysConnection.update({
        where: { agencyId: admin.agency.id },
        data: { accessTokenExpiresAt: new Date(0), lastRefreshedAt: new Date(0) },
      });
    const before = sb.control.stats().tokenRequests;
    await expect(getAccessToken(deps, a.agency.id)).rejects.toMatchObject({
      code: 'nxsys_client_refused',
      message: expect.stringContaining("The portal's Nxsys client credentials were refused"),
    });
    await expect(getAccessToken(deps, b.agency.id)).rejects.toMatchObject({ code: 'nxsys_client_refused' });
    expect(sb.control.stats().tokenRequests - before).toBe(1); // the second agency did not ask again
    expect(await clientCredentialsFault(deps)).not.toBeNull();
    for (const admin of [a, b])
      expect((await db.nxsysConnection.findUnique({ where: { agencyId: admin.agency.id } }))!.status).toBe('CONNECTED');
    expect(await refreshIdleConnections(deps, 0)).toMatchObject({ refreshed: 0, paused: true });
    expect(sb.control.stats().tokenRequests - before).toBe(1);
    // With the right credentials, the same connections refresh: nothing was lost.
    const fixed: TokenDeps = { ...deps, client };
    await expect(getAccessToken(fixed, a.agency.id)).resolves.toMatchObject({ tokenType: 'Nxsys-oauthtoken' });
  });

  it('a short-lived token is not refreshed on every call: the margin adapts to its lifetime', async () => {
    sb.control.setTokenTtl(40);
    try {
      const admin = await connectedAdmin(db, keyring, nxsysSettings(), sb);
      const before = sb.control.stats().refreshGrants;
      for (let i = 0; i < 3; i++) await listResource(admin, 'vat-codes', params({ size: 5 }));
      expect(sb.control.stats().refreshGrants - before).toBe(0);
    } finally {
      sb.control.setTokenTtl(3600);
    }
  });
});
