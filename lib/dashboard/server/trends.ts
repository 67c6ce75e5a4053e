import 'server-only';
import Big from 'big.js';
import { candidateCountries } from '@/lib/candidates/server';
import { currencyOf, sumAmounts, type Currency } from '@/lib/money';
import { PAYMENT_RATE_LISTS } from '@/lib/payment-rates/server';
import { payslipSchema, type Payslip } from '@/lib/payslips/schema';
import { payslipsPage } from '@/lib/payslips/server';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { changeVersion } from '@/lib/server/changes';
import { pageReader, refId, text, type Item } from '@/lib/server/nxsys/lists';
import { scanList } from '@/lib/server/nxsys/normalise';
import { readShared, writeShared } from '@/lib/server/shared-cache';
import { nxsysTimesheetSchema } from '@/lib/timesheets/schema';
import { timesheetsPage } from '@/lib/timesheets/server';
import { addDays, mondayOf } from '@/lib/timesheets/week-days';
import type { TrendSeries, TrendWeek, Trends } from '../trends';

type AgencyUser = Pick<CurrentUser, 'agency'>;

export const TREND_WEEKS = 12;
/** Kept this long unless a write changes a source first; Nxsys also changes on its own (approvals, pay runs). */
const TREND_TTL_MS = 10 * 60_000;
const INCOMPLETE_TTL_MS = 30_000;
/** Pages of 100 read at most per list; a list longer than that is "incomplete", never summed in part. */
const MAX_PAGES = { timesheets: 50, payslips: 100, rates: 10 } as const;
const READ = { maxAttempts: 2, timeoutMs: 8_000 } as const;
/** Whatever these record a change of makes a cached trend stale in every instance ('dashboard': the refresh button). */
const SOURCES = ['timesheets', 'payslips', 'payment-rates', 'candidates', 'dashboard'] as const;

const paymentRatesPage = pageReader(PAYMENT_RATE_LISTS['payment-rates']);

export interface TrendSubject {
  /** One candidate's trend (their page), or the agency's (the dashboard). */
  candidateId?: string;
  /** The candidate's country, when the page knows it. */
  country?: 'uk' | 'ie' | null;
}

/**
 * Hours and net pay per week for the last 12 weeks (this one included), one series per currency, cached in
 * PostgreSQL under the agency's change versions: a timesheet written through the portal shows on the next view.
 */
export async function weeklyTrends(user: AgencyUser, subject: TrendSubject = {}, now = new Date()): Promise<Trends> {
  const from = addDays(mondayOf(now.toISOString().slice(0, 10)), -7 * (TREND_WEEKS - 1));
  const version = await changeVersion(user.agency.id, SOURCES);
  const key = `trends:${user.agency.id}:${subject.candidateId ?? '*'}:${from}:${version}`;
  const hit = await readShared<Trends>(key);
  if (hit) return hit;
  const trends = await readTrends(user, subject, from);
  await writeShared(key, trends, trends.complete ? TREND_TTL_MS : INCOMPLETE_TTL_MS);
  return trends;
}

async function readTrends(user: AgencyUser, subject: TrendSubject, from: string): Promise<Trends> {
  const to = addDays(from, 7 * TREND_WEEKS - 1);
  const inWindow = (day: string | null) => !!day && day.slice(0, 10) >= from && day.slice(0, 10) <= to;
  const { candidateId } = subject;
  const [sheets, payslips, rates, countries] = await Promise.all([
    // bactchFrom/bactchTo and search are documented filters; every row is still checked here (candidate, start date).
    scanList(
      (page, size) =>
        timesheetsPage(user, { bactchFrom: from, bactchTo: to, ...(candidateId ? { search: candidateId } : {}) }, page, size, READ),
      {
        keep: (t) => inWindow(text(t.startDate)) && (!candidateId || refId(t.subcontractorRef) === candidateId),
        maxPages: MAX_PAGES.timesheets,
      },
    ),
    // The payslip list documents no filter or sort: read to its end, placed below through the timesheet each pays.
    scanList((page, size) => payslipsPage(user, {}, page, size, READ), { maxPages: MAX_PAGES.payslips }),
    scanList((page, size) => paymentRatesPage(user, {}, page, size, READ), { maxPages: MAX_PAGES.rates }),
    candidateCountries(user).catch(() => null),
  ]);
  const unread = [!sheets.complete && 'timesheet', !payslips.complete && 'payslip', !rates.complete && 'payment rate'].filter(Boolean);
  if (unread.length > 0)
    return {
      complete: false,
      reason: `Nxsys did not send its whole ${unread.join(' and ')} list, so these figures would be incomplete and are not shown.`,
    };

  // Hour-based: a line whose payment rate counts its units in hours (`units: "HOURLY"`); other lines add no hours.
  const unitKind = new Map(rates.matches.map((r: Item) => [text(r.id), text(r.units)]));
  const currencyOfCandidate = (id: string | null): Currency | null =>
    currencyOf(subject.country !== undefined ? subject.country : id ? countries?.byId.get(id) : null);

  interface Bucket {
    sheets: ReturnType<typeof nxsysTimesheetSchema.parse>[];
    payslips: Payslip[];
  }
  const buckets = new Map<Currency | null, Map<string, Bucket>>();
  const bucket = (currency: Currency | null, week: string) => {
    const weeks = buckets.get(currency) ?? buckets.set(currency, new Map()).get(currency)!;
    return weeks.get(week) ?? weeks.set(week, { sheets: [], payslips: [] }).get(week)!;
  };
  const weekOfSheet = new Map<string, { currency: Currency | null; week: string; candidateId: string | null; period: string }>();
  for (const raw of sheets.matches) {
    const parsed = nxsysTimesheetSchema.safeParse(raw);
    if (!parsed.success || !parsed.data.startDate) continue;
    const t = parsed.data;
    const who = t.subcontractorRef?.id ?? null;
    const place = {
      currency: currencyOfCandidate(who),
      week: mondayOf(t.startDate!.slice(0, 10)),
      candidateId: who,
      period: `${t.taxYear}|${t.taxPeriod}`,
    };
    weekOfSheet.set(t.id, place);
    bucket(place.currency, place.week).sheets.push(t);
  }
  // Payslips: the documented list item names its candidate (`subcontractorName`) and tax period, not its timesheet,
  // so a payslip is put in the week of its candidate's timesheet of the same tax year and period (by the timesheet
  // id or candidate id when Nxsys sends one). A name two candidates share, or a period whose timesheets lie in two
  // weeks, places it nowhere: it is counted as unplaced, never guessed.
  const idsByName = new Map<string, string[]>();
  for (const [id, name] of countries?.nameById ?? []) idsByName.set(nameKey(name), [...(idsByName.get(nameKey(name)) ?? []), id]);
  const candidateOf = (p: Payslip): string | null => {
    if (p.candidateId) return p.candidateId;
    const ids = countries?.complete ? idsByName.get(nameKey(p.candidateName)) : undefined;
    return ids?.length === 1 ? ids[0]! : null;
  };
  const ownName = candidateId ? nameKey(countries?.nameById.get(candidateId)) : null; // on a candidate's page: theirs only
  const windowPeriods = new Set([...weekOfSheet.values()].map((w) => w.period));
  let unplacedPayslips = 0;
  for (const raw of payslips.matches) {
    const parsed = payslipSchema.safeParse(raw);
    if (!parsed.success) continue;
    const p = parsed.data;
    const period = `${p.taxYear}|${p.taxPeriod}`;
    let place = p.timesheetId ? weekOfSheet.get(p.timesheetId) : undefined;
    if (!place && !p.timesheetId) {
      const who = candidateOf(p);
      const weeks = who ? [...weekOfSheet.values()].filter((w) => w.candidateId === who && w.period === period) : [];
      if (new Set(weeks.map((w) => `${w.currency}|${w.week}`)).size === 1) place = weeks[0];
      else if (windowPeriods.has(period) && (!candidateId || who === candidateId || (who === null && nameKey(p.candidateName) === ownName)))
        unplacedPayslips++;
    }
    if (place) bucket(place.currency, place.week).payslips.push(p);
  }

  const series: TrendSeries[] = [...buckets.entries()]
    .sort(([a], [b]) => order(a) - order(b))
    .map(([currency, weeks]) => ({
      currency,
      weeks: Array.from({ length: TREND_WEEKS }, (_, i) => {
        const start = addDays(from, 7 * i);
        return summarise(start, weeks.get(start) ?? { sheets: [], payslips: [] }, unitKind);
      }),
    }));
  return { complete: true, from, to, series, unplacedPayslips };
}

const order = (c: Currency | null) => (c === 'GBP' ? 0 : c === 'EUR' ? 1 : 2);

const nameKey = (s: string | null | undefined) => (s ?? '').trim().replace(/\s+/g, ' ').toLowerCase();

function summarise(
  start: string,
  { sheets, payslips }: { sheets: ReturnType<typeof nxsysTimesheetSchema.parse>[]; payslips: Payslip[] },
  unitKind: Map<string, string>,
): TrendWeek {
  let hours: Big | null = new Big(0);
  for (const line of sheets.flatMap((t) => t.rates)) {
    const kind = unitKind.get(line.rateId);
    if (kind === undefined || kind === '')
      hours = null; // a rate we cannot see: its line may be hours or not
    else if (kind === 'HOURLY' && hours) hours = line.units !== null && /^\d+(\.\d+)?$/.test(line.units) ? hours.plus(line.units) : null;
  }
  return {
    start,
    hours: hours && hours.toString(),
    timesheetNet: sumAmounts(sheets.map((t) => t.totalNet)),
    payslipNet: payslips.length === 0 ? null : sumAmounts(payslips.map((p) => p.figures.net)),
    timesheets: sheets.length,
    payslips: payslips.length,
  };
}
