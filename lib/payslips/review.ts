/**
 * Reviewing a pay run: every payslip of the run beside the timesheets of that worker and period, and the
 * differences a person must look at. Pure functions (no Nxsys, no database): the server reads the lists, these
 * decide. Money is compared in exact pence and totalled per currency (big.js, lib/money.ts): £ and € never meet.
 */
import { currencyOf, formatMoney, sumAmounts, toPence, totalsByCurrency, type Currency, type CurrencyTotal } from '@/lib/money';
import type { Payslip, ReviewTimesheet } from './schema';

export type Country = 'uk' | 'ie';

/** The agency's candidates as the two candidate lists know them (read to their end). */
export interface People {
  byId: Map<string, { name: string; country: Country }>;
  /** Every candidate id a name belongs to (names normalised with nameKey). */
  idsByName: Map<string, string[]>;
}

export const nameKey = (name: unknown) =>
  String(name ?? '')
    .normalize('NFC')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();

/**
 * How a payslip was tied to a candidate: by the candidate id Nxsys sent, else by a name that belongs to exactly
 * one candidate. A name two candidates share is never matched (the person decides), nor a name nobody has.
 */
export type Match =
  | { how: 'id'; candidateId: string }
  | { how: 'name'; candidateId: string }
  | { how: 'ambiguous'; candidateIds: string[] }
  | { how: 'none' };

export function matchPayslip(payslip: Pick<Payslip, 'candidateId' | 'candidateName'>, people: People): Match {
  if (payslip.candidateId) return { how: 'id', candidateId: payslip.candidateId };
  const ids = people.idsByName.get(nameKey(payslip.candidateName)) ?? [];
  if (ids.length > 1) return { how: 'ambiguous', candidateIds: [...ids].sort() };
  if (ids.length === 1) return { how: 'name', candidateId: ids[0]! };
  return { how: 'none' };
}

const matchedId = (m: Match) => (m.how === 'id' || m.how === 'name' ? m.candidateId : null);

/** A pay run: tax year, period and pay frequency (null when Nxsys does not send one). */
export interface RunKey {
  taxYear: number;
  taxPeriod: number;
  payFrequency: string | null;
}

export const sameRun = (a: RunKey, b: RunKey) =>
  a.taxYear === b.taxYear && a.taxPeriod === b.taxPeriod && (a.payFrequency ?? null) === (b.payFrequency ?? null);
const order = (r: Pick<RunKey, 'taxYear' | 'taxPeriod'>) => r.taxYear * 100 + r.taxPeriod;

export type DifferenceKind = 'value' | 'unpaid' | 'duplicate' | 'margin' | 'ambiguous' | 'unmatched';

/**
 * One thing to look at. The key names the difference and the figures compared, so a "checked" mark stays with
 * exactly what was checked: if Nxsys's figures change, it is a new difference, open again.
 */
export interface Difference {
  key: string;
  kind: DifferenceKind;
  /** Plain English, money with its currency. */
  text: string;
  payslipIds: string[];
  timesheetIds: string[];
  candidateId: string | null;
  name: string | null;
  currency: Currency | null;
}

export interface ReviewRow {
  payslip: Payslip;
  match: Match;
  candidateId: string | null;
  name: string | null;
  currency: Currency | null;
  timesheets: ReviewTimesheet[];
  /** The worker's approved timesheets' net total for the period; null when the payslip is not matched to a candidate. */
  timesheetsTotal: string | null;
  differences: Difference[];
}

export interface UnpaidRow {
  timesheet: ReviewTimesheet;
  name: string | null;
  currency: Currency | null;
  difference: Difference;
}

export interface RunReview {
  run: RunKey;
  rows: ReviewRow[];
  /** Approved timesheets of the period with no payslip in the run. */
  unpaid: UnpaidRow[];
  /** Timesheets of the period not yet approved in Nxsys (not paid yet, paid worker or not): shown, not differences. */
  awaitingApproval: ReviewTimesheet[];
  /** Every difference once (a duplicate is one difference for its payslips). */
  differences: Difference[];
  totals: { timesheetValue: CurrencyTotal[]; margin: CurrencyTotal[]; gross: CurrencyTotal[] };
}

export interface RunSummary {
  run: RunKey;
  count: number;
  totals: RunReview['totals'];
  differenceKeys: string[];
}

/** The runs the payslips make, newest first. */
export function runsOf(payslips: Payslip[]): RunKey[] {
  const runs = new Map<string, RunKey>();
  for (const p of payslips) {
    if (p.taxYear === null || p.taxPeriod === null) continue;
    const run = { taxYear: p.taxYear, taxPeriod: p.taxPeriod, payFrequency: p.payFrequency ?? null };
    runs.set(`${run.taxYear}/${run.taxPeriod}/${run.payFrequency ?? ''}`, run);
  }
  return [...runs.values()].sort((a, b) => order(b) - order(a) || String(a.payFrequency ?? '').localeCompare(String(b.payFrequency ?? '')));
}

const inRun = (p: Payslip, run: RunKey) =>
  p.taxYear !== null && p.taxPeriod !== null && sameRun({ taxYear: p.taxYear, taxPeriod: p.taxPeriod, payFrequency: p.payFrequency }, run);

/** A timesheet of the run's period (a frequency is compared only when both sides send one). */
const inPeriod = (t: ReviewTimesheet, run: RunKey) =>
  t.taxYear === run.taxYear &&
  t.taxPeriod === run.taxPeriod &&
  (!t.payFrequency || !run.payFrequency || t.payFrequency === run.payFrequency);

/** Everything the review needs, matched once for all runs. */
export interface ReviewData {
  payslips: Payslip[];
  timesheets: ReviewTimesheet[];
  people: People;
}

interface Prepared {
  data: ReviewData;
  matches: Map<string, Match>;
  /** Each candidate's payslips (matched), for the margin of their previous run. */
  byWorker: Map<string, Payslip[]>;
}

const prepared = new WeakMap<ReviewData, Prepared>();
function prepare(data: ReviewData): Prepared {
  const hit = prepared.get(data);
  if (hit) return hit;
  const matches = new Map<string, Match>();
  const byWorker = new Map<string, Payslip[]>();
  for (const p of data.payslips) {
    const m = matchPayslip(p, data.people);
    matches.set(p.id, m);
    const id = matchedId(m);
    if (id) byWorker.set(id, [...(byWorker.get(id) ?? []), p]);
  }
  const result = { data, matches, byWorker };
  prepared.set(data, result);
  return result;
}

const money = (amount: string | null, currency: Currency | null) => formatMoney(amount, currency);

/** The review of one run. */
export function reviewRun(data: ReviewData, run: RunKey): RunReview {
  const { matches, byWorker } = prepare(data);
  const { people } = data;
  const countryOf = (id: string | null) => (id ? (people.byId.get(id)?.country ?? null) : null);
  const nameOf = (id: string | null) => (id ? (people.byId.get(id)?.name ?? null) : null);
  const payslips = data.payslips.filter((p) => inRun(p, run));
  const sheets = data.timesheets.filter((t) => inPeriod(t, run));
  const sheetsOf = new Map<string, ReviewTimesheet[]>();
  // Only APPROVED is a documented status: a timesheet still in Nxsys's approval is not paid yet, so it is neither in a
  // worker's total nor "not paid in this run"; it is listed apart.
  const approved = (t: ReviewTimesheet) => t.approveStatus === 'APPROVED';
  for (const t of sheets) if (t.candidateId && approved(t)) sheetsOf.set(t.candidateId, [...(sheetsOf.get(t.candidateId) ?? []), t]);
  const paidIn = new Map<string, Payslip[]>();
  for (const p of payslips) {
    const id = matchedId(matches.get(p.id)!);
    if (id) paidIn.set(id, [...(paidIn.get(id) ?? []), p]);
  }

  const differences: Difference[] = [];
  const duplicates = new Map<string, Difference>();
  const rows: ReviewRow[] = payslips.map((p) => {
    const match = matches.get(p.id)!;
    const candidateId = matchedId(match);
    const currency = currencyOf(countryOf(candidateId));
    const name = p.candidateName ?? nameOf(candidateId);
    const own = candidateId ? (sheetsOf.get(candidateId) ?? []) : [];
    const total = candidateId ? sumAmounts(own.map((t) => t.totalNet)) : null;
    const found: Difference[] = [];
    const base = { payslipIds: [p.id], timesheetIds: own.map((t) => t.id), candidateId, name, currency };
    if (match.how === 'ambiguous') {
      found.push({
        ...base,
        key: `ambiguous:${p.id}`,
        kind: 'ambiguous',
        text: `The name “${p.candidateName ?? ''}” belongs to ${match.candidateIds.length} candidates (${match.candidateIds.join(', ')}): not matched, check by hand.`,
      });
    } else if (match.how === 'none') {
      found.push({
        ...base,
        key: `unmatched:${p.id}`,
        kind: 'unmatched',
        text: `No candidate is named “${p.candidateName ?? ''}”: not matched to any timesheet.`,
      });
    }
    const value = p.figures.timesheetValue;
    if (candidateId && value !== null && total !== null && toPence(value) !== toPence(total)) {
      const diff = sumAmounts([value, `-${total}`.replace(/^--/, '')]);
      found.push({
        ...base,
        key: `value:${p.id}:${value}:${total}`,
        kind: 'value',
        text: own.length
          ? `Timesheet value ${money(value, currency)} on the payslip; the timesheets total ${money(total, currency)} (difference ${money(diff, currency)}).`
          : `Timesheet value ${money(value, currency)} on the payslip; no timesheet of this worker for this period.`,
      });
    }
    if (candidateId && (paidIn.get(candidateId)?.length ?? 0) > 1) {
      const ids = paidIn.get(candidateId)!.map((x) => x.id);
      const key = `duplicate:${candidateId}:${[...ids].sort().join(',')}`;
      let dup = duplicates.get(key);
      if (!dup) {
        dup = {
          ...base,
          payslipIds: ids,
          key,
          kind: 'duplicate',
          text: `${ids.length} payslips for ${name ?? candidateId} in this run (${ids.join(', ')}).`,
        };
        duplicates.set(key, dup);
        differences.push(dup);
      }
      found.push(dup);
    }
    if (candidateId && p.figures.margin !== null) {
      const previous = (byWorker.get(candidateId) ?? [])
        .filter((x) => x.taxYear !== null && x.taxPeriod !== null && (x.payFrequency ?? null) === (run.payFrequency ?? null))
        .filter((x) => order({ taxYear: x.taxYear!, taxPeriod: x.taxPeriod! }) < order(run))
        .sort(
          (a, b) => order({ taxYear: b.taxYear!, taxPeriod: b.taxPeriod! }) - order({ taxYear: a.taxYear!, taxPeriod: a.taxPeriod! }),
        )[0];
      const before = previous?.figures.margin ?? null;
      if (before !== null && toPence(before) !== toPence(p.figures.margin)) {
        found.push({
          ...base,
          key: `margin:${p.id}:${before}:${p.figures.margin}`,
          kind: 'margin',
          text: `Margin ${money(p.figures.margin, currency)}; ${money(before, currency)} in the previous run (${previous!.id}).`,
        });
      }
    }
    for (const d of found) if (d.kind !== 'duplicate') differences.push(d);
    return { payslip: p, match, candidateId, name, currency, timesheets: own, timesheetsTotal: total, differences: found };
  });

  const unpaid: UnpaidRow[] = [];
  const awaitingApproval: ReviewTimesheet[] = [];
  for (const t of sheets) {
    if (!approved(t)) {
      awaitingApproval.push(t);
      continue;
    }
    if (t.candidateId && paidIn.has(t.candidateId)) continue;
    const currency = currencyOf(countryOf(t.candidateId));
    const name = nameOf(t.candidateId);
    const difference: Difference = {
      key: `unpaid:${t.id}`,
      kind: 'unpaid',
      text: `Timesheet ${t.id} (${money(t.totalNet, currency)}) is approved but not paid in this run.`,
      payslipIds: [],
      timesheetIds: [t.id],
      candidateId: t.candidateId,
      name,
      currency,
    };
    unpaid.push({ timesheet: t, name, currency, difference });
    differences.push(difference);
  }

  const total = (field: 'timesheetValue' | 'margin' | 'gross') =>
    totalsByCurrency(rows.map((r) => ({ amount: r.payslip.figures[field], currency: r.currency })));
  return {
    run,
    rows,
    unpaid,
    awaitingApproval,
    differences,
    totals: { timesheetValue: total('timesheetValue'), margin: total('margin'), gross: total('gross') },
  };
}

/** Every run, newest first, with its count, totals per currency and the keys of its differences. */
export function summariseRuns(data: ReviewData): RunSummary[] {
  return runsOf(data.payslips).map((run) => {
    const review = reviewRun(data, run);
    return { run, count: review.rows.length, totals: review.totals, differenceKeys: review.differences.map((d) => d.key) };
  });
}

/** Plain-English label of a difference kind (the review, its export). */
export const DIFFERENCE_LABELS: Record<DifferenceKind, string> = {
  value: 'Timesheet value differs',
  unpaid: 'Not paid in this run',
  duplicate: 'Two payslips for one worker',
  margin: 'Margin changed',
  ambiguous: 'Name matches two candidates',
  unmatched: 'No candidate of that name',
};

/** A run's review page (or its downloads: `/api/payslips/runs/…/{what}`), the pay frequency in the query when sent. */
export function runHref(run: RunKey, what?: 'export.csv' | 'export.xlsx' | 'payslips.zip' | 'checks') {
  const path = `${what ? '/api' : ''}/payslips/runs/${run.taxYear}/${run.taxPeriod}${what ? `/${what}` : ''}`;
  return run.payFrequency ? `${path}?${new URLSearchParams({ frequency: run.payFrequency })}` : path;
}

/** The run a URL names (`/payslips/runs/{year}/{period}?frequency=`), or null when it names none. */
export function runFromUrl(year: string, period: string, frequency: string | null | undefined): RunKey | null {
  if (!/^\d{4}$/.test(year) || !/^\d{1,2}$/.test(period) || Number(period) < 1) return null;
  const f = frequency?.trim() || null;
  if (f !== null && !/^[A-Z_]{1,32}$/.test(f)) return null;
  return { taxYear: Number(year), taxPeriod: Number(period), payFrequency: f };
}
