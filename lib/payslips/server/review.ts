import 'server-only';
import { candidateCountries } from '@/lib/candidates/server';
import { ApiError } from '@/lib/errors/api-error';
import { auditLabel, recordAudit } from '@/lib/server/audit';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { changeVersion } from '@/lib/server/changes';
import { db } from '@/lib/server/db';
import type { Item } from '@/lib/server/nxsys/lists';
import type { Page } from '@/lib/server/nxsys/normalise';
import { sharedCached } from '@/lib/server/shared-cache';
import { taxPeriodLabel } from '@/lib/tax-period';
import { timesheetsPage } from '@/lib/timesheets/server';
import { nameKey, reviewRun, summariseRuns, type People, type ReviewData, type RunKey } from '../review';
import { payslipSchema, reviewTimesheetSchema, type Payslip, type ReviewTimesheet } from '../schema';
import { payslipsPage } from './payslips';

type AgencyUser = Pick<CurrentUser, 'agency'>;

/**
 * Pages of 100 read of each list at most. The review reads both lists to their end: a list cut off here would
 * give partial totals, so the review then says "incomplete" instead of showing any.
 */
const MAX_PAGES = 100;
const REVIEW_TTL_MS = 60_000;

interface StoredReview {
  payslips: Payslip[];
  timesheets: ReviewTimesheet[];
  people: { byId: [string, { name: string; country: 'uk' | 'ie' }][]; idsByName: [string, string[]][] };
}

/** Pages asked for at once: a list without totals ends at its first short page, so a few pages may come back empty. */
const PAGES_AT_ONCE = 4;

/**
 * A whole list, PAGES_AT_ONCE pages at a time, until a short page (the end) or MAX_PAGES (incomplete); a page that
 * repeats the one before (a server that ignores `page`) is incomplete too, as in scanList.
 */
export async function wholeList(fetchPage: (page: number, size: number) => Promise<Page<Item>>) {
  const items: Item[] = [];
  let previous = '';
  for (let first = 1; first <= MAX_PAGES; first += PAGES_AT_ONCE) {
    const numbers = Array.from({ length: Math.min(PAGES_AT_ONCE, MAX_PAGES - first + 1) }, (_, i) => first + i);
    const pages = await Promise.all(numbers.map((page) => fetchPage(page, 100)));
    for (const [i, { data, meta }] of pages.entries()) {
      const seen = JSON.stringify(data);
      if (numbers[i]! > 1 && data.length > 0 && seen === previous) return { items, complete: false };
      previous = seen;
      items.push(...data);
      if (!meta.hasMore || data.length === 0) return { items, complete: true };
    }
  }
  return { items, complete: false };
}

async function readReview(user: AgencyUser): Promise<StoredReview> {
  // The documented lists only, page after page: payslips (`page`, `size`), timesheets (`page`, `size`, sorted the
  // documented way); every filter is applied by the portal itself.
  const [payslips, timesheets, countries] = await Promise.all([
    wholeList((page, size) => payslipsPage(user, {}, page, size)),
    wholeList((page, size) => timesheetsPage(user, { sortField: 'startDate', sortType: 'desc' }, page, size)),
    candidateCountries(user),
  ]);
  if (!payslips.complete || !timesheets.complete || !countries.complete) throw new ApiError('review_incomplete');
  const parse = <T>(items: unknown[], schema: { safeParse: (v: unknown) => { success: boolean; data?: T } }) =>
    items.flatMap((item) => {
      const parsed = schema.safeParse(item);
      return parsed.success ? [parsed.data as T] : [];
    });
  const idsByName = new Map<string, string[]>();
  for (const [id, name] of countries.nameById) idsByName.set(nameKey(name), [...(idsByName.get(nameKey(name)) ?? []), id]);
  return {
    payslips: parse<Payslip>(payslips.items, payslipSchema),
    timesheets: parse<ReviewTimesheet>(timesheets.items, reviewTimesheetSchema),
    people: {
      byId: [...countries.nameById].flatMap(([id, name]) => {
        const country = countries.byId.get(id);
        return country ? [[id, { name, country }] as [string, { name: string; country: 'uk' | 'ie' }]] : [];
      }),
      idsByName: [...idsByName],
    },
  };
}

/**
 * Everything the review compares, read from Nxsys once per agency and kept in PostgreSQL's shared cache (so every
 * instance uses one read) until a write through the portal changes the agency's change versions (lib/server/changes.ts),
 * or for a minute (changes made in Nxsys itself).
 */
export async function reviewData(user: AgencyUser): Promise<ReviewData> {
  // 'dashboard': the dashboard's Refresh asks Nxsys again for this too.
  const version = await changeVersion(user.agency.id, ['payslips', 'timesheets', 'candidates', 'dashboard']);
  const stored = await sharedCached(`payslip-review:${user.agency.id}:${version}`, REVIEW_TTL_MS, () => readReview(user));
  return {
    payslips: stored.payslips,
    timesheets: stored.timesheets,
    people: { byId: new Map(stored.people.byId), idsByName: new Map(stored.people.idsByName) } satisfies People,
  };
}

const frequencyKey = (run: RunKey) => run.payFrequency ?? '';

/** The "checked" marks of one run (or of every run), by difference key. */
async function checksOf(agencyId: string, run?: RunKey) {
  const rows = await db.payslipCheck.findMany({
    where: { agencyId, ...(run ? { taxYear: run.taxYear, taxPeriod: run.taxPeriod, payFrequency: frequencyKey(run) } : {}) },
    orderBy: { checkedAt: 'asc' },
  });
  return rows;
}

export type PayslipCheckMark = Awaited<ReturnType<typeof checksOf>>[number];
/** A run as its audit rows name it. */
export const runId = (r: RunKey) => `${r.taxYear}/${r.taxPeriod}/${frequencyKey(r)}`;

/** The agency's pay runs, newest first, each with its open differences (not yet marked checked). */
export async function payRuns(user: AgencyUser) {
  const [data, checks] = await Promise.all([reviewData(user), checksOf(user.agency.id)]);
  const checked = new Set(checks.map((c) => `${c.taxYear}/${c.taxPeriod}/${c.payFrequency}|${c.differenceKey}`));
  return summariseRuns(data).map((summary) => ({
    ...summary,
    open: summary.differenceKeys.filter((key) => !checked.has(`${runId(summary.run)}|${key}`)).length,
  }));
}

/** One run's review with its checked marks; a run with no payslip is not found. */
export async function payRunReview(user: AgencyUser, run: RunKey) {
  const [data, checks] = await Promise.all([reviewData(user), checksOf(user.agency.id, run)]);
  const review = reviewRun(data, run);
  if (review.rows.length === 0) throw new ApiError('not_found', 'Your agency has no payslips in this pay run.');
  const marks = new Map(checks.map((c) => [c.differenceKey, c]));
  const open = review.differences.filter((d) => !marks.has(d.key)).length;
  return { ...review, marks, open };
}

/**
 * Marks one difference of a run checked, with a note: compare-and-set on the unique key, so of two marks sent at
 * once (two tabs, two colleagues) one is stored and the other is told (409), never two rows or a lost note.
 */
export async function markDifferenceChecked(
  user: Pick<CurrentUser, 'agency' | 'id' | 'name'>,
  run: RunKey,
  input: { key: string; note: string },
) {
  const review = reviewRun(await reviewData(user), run);
  const difference = review.differences.find((d) => d.key === input.key);
  if (!difference) throw new ApiError('not_found', 'This run has no such difference (any more): reload the page.');
  const mark = await db.$transaction(async (tx) => {
    const inserted = await tx.payslipCheck.createManyAndReturn({
      data: [
        {
          agencyId: user.agency.id,
          taxYear: run.taxYear,
          taxPeriod: run.taxPeriod,
          payFrequency: frequencyKey(run),
          differenceKey: input.key,
          note: input.note,
          checkedById: user.id,
          checkedByName: user.name,
        },
      ],
      skipDuplicates: true,
    });
    if (inserted.length === 0) return null;
    await recordAudit(tx, {
      agencyId: user.agency.id,
      actorId: user.id,
      action: 'payslip_difference.checked',
      targetType: 'payslip_run',
      targetId: runId(run),
      targetLabel: auditLabel(`Pay run ${taxPeriodLabel({ ...run })}`, difference.name, difference.kind),
      details: { kind: difference.kind, payslipIds: difference.payslipIds, timesheetIds: difference.timesheetIds },
    });
    return inserted[0]!;
  });
  // The marks are read from PostgreSQL on every view: nothing cached needs telling.
  if (!mark)
    throw new ApiError('conflict', 'Someone marked this difference checked at the same moment: reload the page to see their note.');
  return mark;
}
