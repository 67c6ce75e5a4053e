import 'server-only';
import Big from 'big.js';
import pLimit from 'p-limit';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { ApiError } from '@/lib/errors/api-error';
import { sentFor } from '@/lib/server/idempotency';
import { refId, text, upstreamPage, type Item } from '@/lib/server/nxsys/lists';
import { scanList } from '@/lib/server/nxsys/normalise';
import { TIMESHEET_LISTS } from './lists';

type AgencyUser = Pick<CurrentUser, 'agency'>;

/** A candidate and a period (ISO dates, inclusive): what "the same timesheet" means before one is created. */
export interface TimesheetSubject {
  candidateId: string;
  startDate: string;
  endDate: string;
}

export interface ExistingTimesheet {
  id: string;
  startDate: string;
  endDate: string;
  /** Where it was found: the Nxsys list, or only the portal's own record of what it sent. */
  source: 'nxsys' | 'portal';
}

const day = (v: unknown) => text(v).slice(0, 10);
const overlaps = (item: Item, s: TimesheetSubject) => {
  const start = day(item.startDate);
  const end = day(item.endDate) || start; // no end sent: a one-day sheet
  return start !== '' && start <= s.endDate && end >= s.startDate;
};

/**
 * Every timesheet Nxsys holds for the candidate whose period overlaps the subject's, from the documented list,
 * every page (no cap: a missed one would be a second timesheet). `search` (documented) narrows it to the
 * candidate; `bactchFrom`/`bactchTo` are not sent: the docs do not say whether they select by the start, the end or
 * the whole period, and a sheet that started before ours may still overlap it. Every row is checked here, so a
 * server that ignores the filter is still read right.
 */
export async function nxsysTimesheetsFor(user: AgencyUser, subject: TimesheetSubject): Promise<Item[]> {
  const { matches, complete } = await scanList<Item>(
    (page, size) => upstreamPage(user, TIMESHEET_LISTS.timesheets, { search: subject.candidateId }, page, size),
    { keep: (item) => refId(item.subcontractorRef) === subject.candidateId && overlaps(item, subject), maxPages: Infinity },
  );
  // A list read only in part cannot say "none there": the caller must not take it for an all-clear.
  if (!complete)
    throw new ApiError(
      'nxsys_unavailable',
      'Nxsys did not send its whole timesheet list, so the portal cannot check for one already there.',
    );
  return matches;
}

/**
 * Timesheets that already cover the candidate and (part of) the period: those Nxsys lists, then those the portal
 * itself created (its WriteRequest rows), which a list that lags behind or a filter may not show yet.
 */
export async function findExistingTimesheets(
  user: AgencyUser,
  subject: TimesheetSubject,
  options: { exceptWrite?: string } = {},
): Promise<ExistingTimesheet[]> {
  const found = new Map<string, ExistingTimesheet>();
  for (const item of await nxsysTimesheetsFor(user, subject)) {
    const id = text(item.id);
    if (id) found.set(id, { id, startDate: day(item.startDate), endDate: day(item.endDate) || day(item.startDate), source: 'nxsys' });
  }
  const ref = { ref: subject.candidateId, start: subject.startDate, end: subject.endDate };
  for (const sent of await sentFor(user, 'timesheet.create', ref, options.exceptWrite)) {
    if (!found.has(sent.id)) found.set(sent.id, { ...sent, source: 'portal' });
  }
  return [...found.values()];
}

/** Nxsys answered badly or not at all for this read: worth trying again later, and only this candidate's answer is lost. */
const COULD_NOT_READ = new Set(['nxsys_unavailable', 'nxsys_timeout', 'nxsys_rate_limited', 'nxsys_error']);
const unlessUnread = (error: unknown): null => {
  if (error instanceof ApiError && COULD_NOT_READ.has(error.code)) return null;
  throw error;
};

/**
 * `findExistingTimesheets` for many subjects (an import file, a copy): one Nxsys scan per distinct candidate over
 * the span of its periods, a few at a time, each subject then checked for overlap here. A candidate whose
 * timesheets could not be read gives null for each of its subjects: unknown, never "none". Any other failure (the
 * connection needs reconnecting, is gone, or the database failed) is thrown: it is not about one candidate.
 */
export async function findExistingForEach(user: AgencyUser, subjects: TimesheetSubject[]): Promise<(ExistingTimesheet[] | null)[]> {
  const spans = new Map<string, TimesheetSubject>();
  for (const s of subjects) {
    const span = spans.get(s.candidateId);
    spans.set(
      s.candidateId,
      span
        ? {
            ...span,
            startDate: s.startDate < span.startDate ? s.startDate : span.startDate,
            endDate: s.endDate > span.endDate ? s.endDate : span.endDate,
          }
        : { ...s },
    );
  }
  const limit = pLimit(4);
  const held = new Map(
    await Promise.all(
      [...spans.values()].map((span) =>
        limit(async () => [span.candidateId, await findExistingTimesheets(user, span).catch(unlessUnread)] as const),
      ),
    ),
  );
  return subjects.map((s) => {
    const found = held.get(s.candidateId);
    return found ? found.filter((t) => t.startDate <= s.endDate && t.endDate >= s.startDate) : null;
  });
}

/** Two amounts as Nxsys may send them (string or number, a leading '+'): equal in value. */
const sameAmount = (a: unknown, b: unknown) => {
  try {
    return new Big(String(a ?? '').replace(/^\+/, '')).eq(new Big(String(b ?? '').replace(/^\+/, '')));
  } catch {
    return false;
  }
};

/** Nxsys's clock and ours may differ a little: a listed record is ours if created no earlier than this before we sent. */
const CLOCK_SKEW_MS = 10 * 60_000;

/** Whether a listed record may have been created at or after `since` (one without `createdAt` cannot be excluded). */
export function createdSince(item: { createdAt?: unknown }, since: Date): boolean {
  const at = Date.parse(typeof item.createdAt === 'string' ? item.createdAt : '');
  return Number.isNaN(at) || at >= since.getTime() - CLOCK_SKEW_MS;
}

/** Whether a listed timesheet is the one a create body made: same candidate, dates and lines (in any order). */
export function isTimesheetFrom(
  item: Item,
  body: TimesheetSubject & { rates: { rateId: string; rate: string; units: string }[] },
): boolean {
  if (refId(item.subcontractorRef) !== body.candidateId) return false;
  if (day(item.startDate) !== body.startDate || day(item.endDate) !== body.endDate) return false;
  const lines = Array.isArray(item.rates) ? (item.rates as Item[]) : [];
  if (lines.length !== body.rates.length) return false;
  const left = [...body.rates];
  return lines.every((line) => {
    const i = left.findIndex((l) => l.rateId === text(line.rateId) && sameAmount(l.rate, line.rate) && sameAmount(l.units, line.units));
    if (i < 0) return false;
    left.splice(i, 1);
    return true;
  });
}
