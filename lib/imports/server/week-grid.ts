import 'server-only';
import { createHash } from 'node:crypto';
import { ukDate } from '@/lib/dates';
import { ApiError } from '@/lib/errors/api-error';
import { candidateCountries } from '@/lib/candidates/server';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { text } from '@/lib/server/nxsys/lists';
import { findExistingTimesheets, getTimesheet, nxsysTimesheetsFor } from '@/lib/timesheets/server';
import { nxsysTimesheetSchema } from '@/lib/timesheets/schema';
import { DAYS, addDays, rosterSchema, weekToTimesheet } from '@/lib/timesheets/week';
import { holdForReview, reviewRequired, type TimesheetBody } from '@/lib/timesheets/server';
import { markHeldInNxsys, startJob, type PlannedItem } from './start';
import { timesheetMatchKey } from './timesheet-rows';

type AgencyUser = Pick<CurrentUser, 'agency'>;

/** The roster grid's week as the import job's records: one timesheet per worker, and the grid's rows for the report. */
export interface WeekSheets {
  weekStart: string;
  items: PlannedItem[];
  /** The workers the user ticked "send anyway" for (their match keys). */
  resend: string[];
  header: string[];
  rows: { rowNumber: number; cells: string[] }[];
}

/**
 * Checks the roster grid and builds its timesheets (no write): one per worker, a line per payment code, the
 * week's tax period. A worker Nxsys already holds a timesheet for this week (or cannot be read to tell) is `held`:
 * left out by the job unless ticked. Kept apart from `startWeekGrid` so four-eyes review can hold the same sheets.
 */
export async function buildWeekSheets(user: AgencyUser, input: unknown): Promise<WeekSheets> {
  const grid = rosterSchema.parse(input);
  const countries = await candidateCountries(user).catch(() => null);
  const header = ['Candidate', 'Payment code', 'Rate', 'VAT code', ...DAYS];
  const rows: WeekSheets['rows'] = [];
  const items: PlannedItem[] = [];
  const resend: string[] = [];
  for (const worker of grid.workers) {
    const body = weekToTimesheet({ ...worker, weekStart: grid.weekStart });
    const key = timesheetMatchKey(worker.subcontractorRef, body.startDate, body.endDate);
    const numbers: number[] = [];
    for (const row of worker.rows) {
      const rowNumber = rows.length + 2;
      numbers.push(rowNumber);
      rows.push({ rowNumber, cells: [worker.subcontractorRef, row.rateId, row.rate, row.vatID, ...row.hours] });
    }
    const name = countries?.nameById.get(worker.subcontractorRef);
    items.push({
      rowNumbers: numbers,
      matchKey: key,
      label: `Week of ${name ? `${name} (${worker.subcontractorRef})` : worker.subcontractorRef}, ${ukDate(body.startDate)}–${ukDate(body.endDate)}`,
      body,
    });
    if (worker.sendAnyway) resend.push(key);
  }
  const subjects = items.map((item, i) => ({
    key: item.matchKey,
    candidateId: grid.workers[i]!.subcontractorRef,
    startDate: grid.weekStart,
    endDate: addDays(grid.weekStart, 6),
    sentBefore: null,
    heldInNxsys: [],
    skipped: false,
  }));
  await markHeldInNxsys(user, subjects, items, resend);
  return { weekStart: grid.weekStart, items, resend, header, rows };
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Sends the roster grid's week through the import job (its lease, lookups, exactly-once items and progress page):
 * one job per Idempotency-Key of the grid, so a double click or a second tab answers with the same job; a worker
 * another import, copy or grid already sent for this week, or that Nxsys holds, is left out unless ticked.
 */
export async function startWeekGrid(user: CurrentUser, { key, sheets }: { key: string; sheets: WeekSheets }) {
  const count = sheets.items.length;
  return startJob(user, {
    startKey: `week:${key}`,
    kind: 'TIMESHEETS',
    fileName: `Week of ${ukDate(sheets.weekStart)}: ${count} worker${count === 1 ? '' : 's'}`,
    fileHash: sha256(`week:${JSON.stringify(sheets.items.map((i) => i.body))}`),
    payFrequency: 'WEEKLY',
    header: sheets.header,
    rows: sheets.rows,
    items: sheets.items,
    resend: sheets.resend,
    skipped: [],
    details: { workers: count },
  });
}

/**
 * The grid's save: checked and built, then started; the Idempotency-Key is required (it names the job). When the
 * agency reviews timesheets first, the week waits as drafts instead (once per Idempotency-Key), nothing is sent;
 * a worker Nxsys already holds a timesheet for is left out unless ticked, as the job would leave them out.
 */
export async function saveWeekGrid(
  user: CurrentUser,
  input: unknown,
  key: string | null,
): Promise<{ id: string; existing: boolean } | { held: number; message: string }> {
  if (!key) throw new ApiError('validation_failed', 'The grid must send an Idempotency-Key header.');
  const sheets = await buildWeekSheets(user, input);
  if (await reviewRequired(user.agency.id)) {
    const again = new Set(sheets.resend);
    const bodies = sheets.items.filter((item) => !item.held || again.has(item.matchKey)).map((item) => item.body as TimesheetBody);
    if (bodies.length === 0) throw new ApiError('import_rows_invalid', 'Nxsys already holds a timesheet this week for every worker.');
    const { held, message } = await holdForReview(user, { source: 'GRID', key, sheets: bodies });
    return { held, message };
  }
  return startWeekGrid(user, { key, sheets });
}

/**
 * What the grid warns about for one worker before saving: the timesheets already covering the week, and the
 * rate of each payment code on their latest earlier timesheet (a rate far from it is flagged, never refused).
 */
export async function weekGridHints(user: AgencyUser, candidateId: string, weekStart: string) {
  const existing = await findExistingTimesheets(user, { candidateId, startDate: weekStart, endDate: addDays(weekStart, 6) });
  const earlier = await nxsysTimesheetsFor(user, { candidateId, startDate: '1900-01-01', endDate: addDays(weekStart, -1) });
  const latest = earlier.sort((a, b) => text(b.startDate).localeCompare(text(a.startDate)))[0];
  const usualRates: Record<string, string> = {};
  if (latest) {
    const sheet = nxsysTimesheetSchema.parse(await getTimesheet(user, text(latest.id)));
    for (const line of sheet.rates) if (line.rate !== null && !usualRates[line.rateId]) usualRates[line.rateId] = String(line.rate);
  }
  return {
    existing: existing.map(({ id, startDate, endDate }) => ({ id, startDate, endDate })),
    usualRates,
    latestId: latest ? text(latest.id) : null,
  };
}
