import 'server-only';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { changeVersion } from '@/lib/server/changes';
import { refId } from '@/lib/server/nxsys/lists';
import { sharedCached } from '@/lib/server/shared-cache';
import { ukTaxPeriod } from '@/lib/tax-period';
import { timesheetsPage } from '@/lib/timesheets/server';
import { addDays, mondayOf } from '@/lib/timesheets/week-days';

/**
 * "Timesheets missing this period": workers with a timesheet in each of the two periods before this one and none
 * in this one, per pay frequency. Read from Nxsys's documented timesheet list, every page to its end; a list not
 * read to its end (MAX_PAGES) says so (`complete`) rather than giving a short list as whole.
 */
export type Frequency = 'WEEKLY' | 'TWO_WEEKLY' | 'MONTHLY';
export const FREQUENCIES: readonly Frequency[] = ['WEEKLY', 'TWO_WEEKLY', 'MONTHLY'];

export interface Period {
  start: string;
  end: string;
}

export interface MissingWorker {
  candidateId: string;
  /** As Nxsys sent it on the timesheet (null when it did not): the page adds the candidate list's name. */
  name: string | null;
  /** The newest of their timesheets (last period's), for "Copy last period". */
  lastTimesheetId: string;
  lastStart: string;
  lastEnd: string;
}

export interface MissingGroup {
  frequency: Frequency;
  current: Period;
  previous: Period;
  workers: MissingWorker[];
}

export interface MissingTimesheets {
  today: string;
  groups: MissingGroup[];
  /** False when the list did not end within the pages read: the counts may be short. */
  complete: boolean;
}

const READ = { maxAttempts: 2, timeoutMs: 10_000 } as const;
/** Pages of 100 read at most (a list that never ends, or a server that ignores `bactchFrom` on a long history). */
const MAX_PAGES = 100;
const ISO = /^\d{4}-\d{2}-\d{2}/;

/** Today's date in Europe/London, yyyy-mm-dd. */
export function londonToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The period a day falls in: Monday weeks (as the weekly grid), UK tax fortnights and tax months. */
function periodKey(isoDay: string, frequency: Frequency): string {
  if (frequency === 'WEEKLY') return mondayOf(isoDay);
  const p = ukTaxPeriod(isoDay, frequency)!;
  return `${p.taxYear}/${p.period}`;
}

/** This period and the two before it (newest first), found by walking the calendar: no period arithmetic to get wrong. */
export function recentPeriods(today: string, frequency: Frequency): [Period, Period, Period] {
  let end = today;
  const key = periodKey(today, frequency);
  while (periodKey(addDays(end, 1), frequency) === key) end = addDays(end, 1);
  const periods: Period[] = [];
  let day = end;
  for (let i = 0; i < 3; i++) {
    const k = periodKey(day, frequency);
    let start = day;
    while (periodKey(addDays(start, -1), frequency) === k) start = addDays(start, -1);
    periods.push({ start, end: day });
    day = addDays(start, -1);
  }
  return periods as [Period, Period, Period];
}

/** A worker's pay frequency from their newest timesheet: the frequency Nxsys sent, else the length of the sheet. */
function frequencyOf(sheet: { payFrequency: string | null; start: string; end: string }): Frequency {
  const sent = sheet.payFrequency?.toUpperCase();
  if (sent === 'WEEKLY' || sent === 'MONTHLY') return sent;
  if (sent === 'TWO_WEEKLY' || sent === 'FORTNIGHTLY') return 'TWO_WEEKLY';
  const days = (Date.parse(sheet.end) - Date.parse(sheet.start)) / 86_400_000 + 1;
  return !(days > 7) ? 'WEEKLY' : days <= 14 ? 'TWO_WEEKLY' : 'MONTHLY';
}

interface Sheet {
  id: string;
  candidateId: string;
  name: string | null;
  start: string;
  end: string;
  payFrequency: string | null;
}

function sheetOf(item: Record<string, unknown>): Sheet | null {
  const candidateId = refId(item.subcontractorRef);
  const start = typeof item.startDate === 'string' && ISO.test(item.startDate) ? item.startDate.slice(0, 10) : null;
  if (!candidateId || !start || (typeof item.id !== 'string' && typeof item.id !== 'number')) return null;
  const end = typeof item.endDate === 'string' && ISO.test(item.endDate) ? item.endDate.slice(0, 10) : start;
  const ref = item.subcontractorRef as { fullName?: unknown } | null;
  const name = ref && typeof ref === 'object' && typeof ref.fullName === 'string' && ref.fullName.trim() ? ref.fullName.trim() : null;
  return {
    id: String(item.id),
    candidateId,
    name,
    start,
    end,
    payFrequency: typeof item.payFrequency === 'string' ? item.payFrequency : null,
  };
}

type PageReader = (page: number, size: number) => Promise<{ data: Record<string, unknown>[]; meta: { hasMore: boolean } }>;

/** The first day of the oldest period looked at (the monthly one's two months back): what `bactchFrom` asks for. */
export function windowStartOf(today: string): string {
  return FREQUENCIES.map((f) => recentPeriods(today, f)[2].start).sort()[0]!;
}

/** The computation itself, over any reader of the timesheet list, read page after page to its end (bounded). */
export async function computeMissing(readPage: PageReader, today: string, maxPages = MAX_PAGES): Promise<MissingTimesheets> {
  const periods = Object.fromEntries(FREQUENCIES.map((f) => [f, recentPeriods(today, f)])) as Record<Frequency, [Period, Period, Period]>;
  const windowStart = windowStartOf(today);
  const byCandidate = new Map<string, Sheet[]>();
  let complete = false;
  let previousPage = '';
  for (let page = 1; page <= maxPages; page++) {
    const { data, meta } = await readPage(page, 100);
    // A server that ignores `page` sends page 1 again: that list never ends.
    const seen = JSON.stringify(data);
    if (page > 1 && data.length > 0 && seen === previousPage) break;
    previousPage = seen;
    for (const item of data) {
      const sheet = sheetOf(item);
      // Checked here whatever the server did with `bactchFrom`: only the three periods count.
      if (sheet && sheet.start >= windowStart && sheet.start <= today)
        byCandidate.set(sheet.candidateId, [...(byCandidate.get(sheet.candidateId) ?? []), sheet]);
    }
    if (!meta.hasMore || data.length === 0) {
      complete = true;
      break;
    }
  }

  const groups = new Map<Frequency, MissingWorker[]>(FREQUENCIES.map((f) => [f, []]));
  for (const [candidateId, sheets] of byCandidate) {
    sheets.sort((a, b) => b.start.localeCompare(a.start) || b.id.localeCompare(a.id));
    const frequency = frequencyOf(sheets[0]!);
    const [current, last, before] = periods[frequency];
    const within = (p: Period) => sheets.filter((s) => s.start >= p.start && s.start <= p.end);
    const lastSheets = within(last);
    if (within(current).length > 0 || lastSheets.length === 0 || within(before).length === 0) continue;
    const newest = lastSheets[0]!;
    groups.get(frequency)!.push({
      candidateId,
      name: sheets.find((s) => s.name)?.name ?? null,
      lastTimesheetId: newest.id,
      lastStart: newest.start,
      lastEnd: newest.end,
    });
  }
  return {
    today,
    complete,
    groups: FREQUENCIES.flatMap((frequency) => {
      const workers = groups.get(frequency)!.sort((a, b) => a.candidateId.localeCompare(b.candidateId, 'en', { numeric: true }));
      return workers.length ? [{ frequency, current: periods[frequency][0], previous: periods[frequency][1], workers }] : [];
    }),
  };
}

const TTL_MS = 15 * 60_000;

/**
 * The agency's missing timesheets, kept in PostgreSQL per day and per change version of its timesheets (a timesheet
 * written through the portal, in any instance, makes it stale at once; one entered in Nxsys itself shows within
 * TTL_MS), so the dashboard does not read Nxsys's whole recent list on every view.
 */
export async function missingTimesheets(user: Pick<CurrentUser, 'agency'>, now = new Date()): Promise<MissingTimesheets> {
  const today = londonToday(now);
  const version = await changeVersion(user.agency.id, ['timesheets', 'dashboard']);
  return sharedCached(`missing-timesheets:${user.agency.id}:${today}:${version}`, TTL_MS, () =>
    computeMissing(
      // `bactchFrom` (documented: a date filter) only saves pages; every row is checked above.
      (page, size) => timesheetsPage(user, { bactchFrom: windowStartOf(today) }, page, size, READ),
      today,
    ),
  );
}

/** The weekly grid's URL for these workers and this week (helper B's grid reads `candidates` and `start`). */
export const enterHref = (group: MissingGroup) =>
  `/timesheets/week?${new URLSearchParams({ candidates: group.workers.map((w) => w.candidateId).join(','), start: group.current.start })}`;

/** The copy page, showing last period's timesheets with these workers' last ones chosen. */
export const copyHref = (group: MissingGroup) =>
  `/timesheets/copy?${new URLSearchParams({
    from: group.previous.start,
    to: group.previous.end,
    ids: group.workers.map((w) => w.lastTimesheetId).join(','),
  })}`;
