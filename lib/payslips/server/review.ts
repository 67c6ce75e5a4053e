import 'server-only';
import { candidateCountries } from '@/lib/candidates/server';
import { ApiError } from '@/lib/errors/api-error';
import { auditLabel, recordAudit } from '@/lib/server/audit';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { changeVersion } from '@/lib/server/changes';
import { db } from '@/lib/server/db';
import { scanList } from '@/lib/server/nxsys/normalise';
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

async function readReview(user: AgencyUser): Promise<StoredReview> {
  // The documented lists only, page after page: payslips (`page`, `size`), timesheets (`page`, `size`, sorted the
  // documented way); every filter is applied by the portal itself.
  const [payslips, timesheets, countries] = await Promise.all([
    scanList((page, size) => payslipsPage(user, {}, page, size), { maxPages: MAX_PAGES }),
    scanList((page, size) => timesheetsPage(user, { sortField: 'startDate', sortType: 'desc' }, page, size), { maxPages: MAX_PAGES }),
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
    payslips: parse<Payslip>(payslips.matches, payslipSchema),
    timesheets: parse<ReviewTimesheet>(timesheets.matches, reviewTimesheetSchema),
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
const runId = (r: RunKey) => `${r.taxYear}/${r.taxPeriod}/${frequencyKey(r)}`;

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
