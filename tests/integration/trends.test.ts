// Issue 29 part 5: hours and net pay per week for the last 12 weeks, per currency (pounds and euro never added),
// read from Nxsys's documented lists (sandbox, docs profile) and cached in PostgreSQL under the agency's change
// versions: a second view asks Nxsys nothing, a timesheet written through the portal shows on the next view.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidateCountriesKey } from '@/lib/candidates/server';
import { weeklyTrends } from '@/lib/dashboard/server';
import type { TrendSeries } from '@/lib/dashboard/trends';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { recordChange } from '@/lib/server/changes';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { ukTaxPeriod } from '@/lib/tax-period';
import { createTimesheet } from '@/lib/timesheets/server';
import { addDays, mondayOf } from '@/lib/timesheets/week-days';
import { issuePayslip, lineFor } from '../../sandbox/seed';
import { DOCS_PROFILE } from '../../sandbox/profile';
import type { Sandbox } from '../../sandbox/server';
import type { Timesheet, TimesheetLine } from '../../sandbox/store';
import { testDb } from '../helpers/db';
import { connectedAdmin, productEnv } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';

const db = testDb();
const envBefore = { ...process.env };
let sb: Sandbox;
let user: CurrentUser;

const COMPANY = 'COM-3'; // Meridian: a few UK and Irish candidates; its timesheets and payslips are set here
const company = () => sb.store.company(COMPANY);
const thisMonday = mondayOf(new Date().toISOString().slice(0, 10));
const weekAgo = (n: number) => addDays(thisMonday, -7 * n);
const rate = (code: string) => company().paymentRates.find((r) => r.code === code)!;
const candidate = (country: 'UK' | 'IE', n = 0) => company().candidates.filter((c) => c.country === country)[n]!;
const upstreamCalls = () => sb.control.stats().apiRequests;

function sheet(candidateId: string, start: string, lines: TimesheetLine[]): Timesheet {
  const { taxYear, period } = ukTaxPeriod(start, 'WEEKLY')!;
  const now = new Date().toISOString();
  const t: Timesheet = {
    ...sb.store.nextId('TS', 900000),
    candidateId,
    assignmentRef: null,
    startDate: start,
    endDate: addDays(start, 6),
    taxYear,
    taxPeriod: period,
    taxPeriodConfig: period,
    monthConfig: null,
    payFrequency: 'WEEKLY',
    paymentModel: 'PAYEE',
    approveStatus: 'APPROVED',
    invoiceStatus: 'AWAITING_INVOICING',
    lines,
    createdAt: now,
    updatedAt: now,
  };
  company().timesheets.push(t);
  return t;
}

const week = (series: TrendSeries | undefined, start: string) => series?.weeks.find((w) => w.start === start);
const trends = async (subject = {}) => {
  const t = await weeklyTrends(user, subject);
  if (!t.complete) throw new Error(t.reason);
  return t;
};
const seriesOf = (t: Awaited<ReturnType<typeof trends>>, currency: 'GBP' | 'EUR' | null) => t.series.find((s) => s.currency === currency);

beforeAll(async () => {
  sb = await sandboxFor();
  const key = generateKeyringEntry('k1');
  Object.assign(process.env, productEnv(sb, key));
  const admin = await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb, 'payroll@meridian.example');
  user = { ...admin, role: 'ADMIN', name: 'Test', email: 'test@example.test' } as unknown as CurrentUser;
  company().timesheets.splice(0);
  company().payslips.splice(0);
  const s = sb.store;
  // UK, 3 weeks ago: 37.5 hourly + 2 daily (not hours) = 37.5 hours, net 468.75 + 240.00; paid.
  const uk = sheet(candidate('UK').id, weekAgo(3), [lineFor(s, rate('PR100'), '12.50', '37.5'), lineFor(s, rate('PR101'), '120', '2')]);
  issuePayslip(s, COMPANY, uk);
  // Same week, another UK worker: 4.25 overtime hours at £20 (£85.00); not paid yet.
  sheet(candidate('UK', 1).id, weekAgo(3), [lineFor(s, rate('PR102'), '20', '4.25')]);
  // Ireland, same week: 10 hours at €15, a series of its own.
  sheet(candidate('IE').id, weekAgo(3), [lineFor(s, rate('PR100'), '15', '10')]);
  // 12 weeks ago: outside the window (this week and the 11 before it).
  sheet(candidate('UK').id, weekAgo(12), [lineFor(s, rate('PR100'), '10', '40')]);
});
afterAll(async () => {
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

describe('weekly trends', () => {
  it('sums hours of hourly lines and net per week, per currency, over exactly 12 weeks', async () => {
    const t = await trends();
    expect(t.from).toBe(weekAgo(11));
    const gbp = seriesOf(t, 'GBP');
    const eur = seriesOf(t, 'EUR');
    expect(gbp?.weeks.map((w) => w.start)).toEqual(Array.from({ length: 12 }, (_, i) => weekAgo(11 - i)));
    expect(week(gbp, weekAgo(3))).toMatchObject({ hours: '41.75', timesheetNet: '793.75', timesheets: 2, payslips: 1 });
    const paid = company().payslips[0]!;
    expect(week(gbp, weekAgo(3))?.payslipNet).toBe(paid.net); // the payslip's own net, found through its tax period
    expect(week(eur, weekAgo(3))).toMatchObject({ hours: '10', timesheetNet: '150.00', payslipNet: null, timesheets: 1 });
    // A week without timesheets: no hours, and no payslip figure ("—"), not £0 of pay.
    expect(week(gbp, weekAgo(5))).toMatchObject({ hours: '0', timesheetNet: '0.00', payslipNet: null });
    expect(seriesOf(t, null)).toBeUndefined();
  });

  it('reads the same figures from every documented list variant (items/data, no totals, numbers as strings)', async () => {
    const docs = await trends();
    for (const variant of [
      { listKey: 'items', listTotals: 'none', numbersAsStrings: true },
      { listKey: 'data', listTotals: 'totalDocs' },
    ] as const) {
      sb.control.setProfile({ ...DOCS_PROFILE, ...variant });
      try {
        await recordChange(user.agency.id, 'dashboard');
        expect(await trends(), JSON.stringify(variant)).toEqual(docs);
      } finally {
        sb.control.setProfile(DOCS_PROFILE);
      }
    }
  });

  it('shows one candidate their own weeks only', async () => {
    const t = await trends({ candidateId: candidate('UK').id, country: 'uk' });
    expect(t.series.map((s) => s.currency)).toEqual(['GBP']);
    expect(week(t.series[0], weekAgo(3))).toMatchObject({ hours: '37.5', timesheetNet: '708.75', timesheets: 1, payslips: 1 });
  });

  it('says "—" for hours when a line’s payment rate is not in the rate list', async () => {
    const ghost = { ...lineFor(sb.store, rate('PR100'), '10', '1'), rateId: 'PR-999999' };
    const t = sheet(candidate('UK', 2).id, weekAgo(7), [ghost]);
    try {
      await recordChange(user.agency.id, 'dashboard'); // a fresh read
      const read = await trends();
      expect(week(seriesOf(read, 'GBP'), weekAgo(7))).toMatchObject({ hours: null, timesheetNet: '10.00' });
    } finally {
      company().timesheets.splice(company().timesheets.indexOf(t), 1);
      await recordChange(user.agency.id, 'dashboard');
    }
  });

  it('is served from PostgreSQL until a timesheet is written through the portal, then shows it at once', async () => {
    const first = await trends();
    let before = upstreamCalls();
    expect(await trends()).toEqual(first);
    expect(upstreamCalls()).toBe(before); // cached: Nxsys not asked

    // Made in Nxsys itself: the portal recorded no change, so the cached figures stand (until they expire).
    const outside = sheet(candidate('UK', 3).id, weekAgo(1), [lineFor(sb.store, rate('PR100'), '10', '3')]);
    expect(week(seriesOf(await trends(), 'GBP'), weekAgo(1))?.hours).toBe('0');
    company().timesheets.splice(company().timesheets.indexOf(outside), 1);

    const start = weekAgo(2);
    const period = ukTaxPeriod(start, 'WEEKLY')!;
    await createTimesheet(
      user,
      {
        subcontractorRef: candidate('UK', 4).id,
        startDate: start,
        endDate: addDays(start, 6),
        taxYear: period.taxYear,
        taxPeriodConfig: period.period,
        rates: [{ rateId: rate('PR100').id, rate: '11.00', units: '8', vatID: 'VC-2' }],
      },
      randomUUID(),
    );
    before = upstreamCalls();
    const after = await trends();
    expect(upstreamCalls()).toBeGreaterThan(before);
    expect(week(seriesOf(after, 'GBP'), start)).toMatchObject({ hours: '8', timesheetNet: '88.00' });
  });

  it('places a payslip nowhere when its name belongs to two candidates', async () => {
    const twin = candidate('UK', 5).generalSetting;
    const before = { forename: twin.forename, surname: twin.surname };
    Object.assign(twin, { forename: candidate('UK').generalSetting.forename, surname: candidate('UK').generalSetting.surname });
    try {
      await db.sharedCacheEntry.deleteMany({ where: { key: candidateCountriesKey(user.agency.id) } });
      await recordChange(user.agency.id, 'dashboard');
      const t = await trends();
      expect(week(seriesOf(t, 'GBP'), weekAgo(3))).toMatchObject({ payslipNet: null, payslips: 0 });
      expect(t.unplacedPayslips).toBe(1);
    } finally {
      Object.assign(twin, before);
      await db.sharedCacheEntry.deleteMany({ where: { key: candidateCountriesKey(user.agency.id) } });
      await recordChange(user.agency.id, 'dashboard');
    }
  });

  it('two views at once on a cold cache both get the figures (one cache row)', async () => {
    await recordChange(user.agency.id, 'dashboard');
    const [a, b] = await Promise.all([trends(), trends()]);
    expect(a).toEqual(b);
    const rows = await db.sharedCacheEntry.findMany({ where: { key: { startsWith: `trends:${user.agency.id}:*:` } } });
    expect(rows.filter((r) => r.expiresAt > new Date()).length).toBeGreaterThanOrEqual(1);
  });

  it('shows no figures when a list cannot be read to its end', async () => {
    const rates = company().paymentRates;
    const added = Array.from({ length: 1000 }, (_, i) => ({ ...rates[0]!, ...sb.store.nextId('PR', 50000), code: `X${i}` }));
    rates.push(...added);
    try {
      await recordChange(user.agency.id, 'dashboard');
      const t = await weeklyTrends(user);
      expect(t).toEqual({ complete: false, reason: expect.stringContaining('payment rate list') });
    } finally {
      rates.splice(rates.length - added.length);
      await recordChange(user.agency.id, 'dashboard');
    }
  });
});
