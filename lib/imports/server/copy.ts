import 'server-only';
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import { ukDate } from '@/lib/dates';
import { ApiError } from '@/lib/errors/api-error';
import { lineAmounts, penceToString, sheetTotals, vatPercent } from '@/lib/money';
import { ukTaxPeriod } from '@/lib/tax-period';
import { nxsysTimesheetSchema } from '@/lib/timesheets/schema';
import { getTimesheet } from '@/lib/timesheets/server';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { holdForReview, reviewRequired, type TimesheetBody } from '@/lib/timesheets/server';
import { addDays, copyRequestSchema, type CopyPreview, type PayFrequency } from '../schema';
import { attachCandidates, markHeldInNxsys, markSent, sentBefore, startJob, totalsByCurrency, type PlannedItem } from './start';
import { timesheetMatchKey, type TimesheetPayload } from './timesheet-rows';

type AgencyUser = Pick<CurrentUser, 'agency'>;

/** The period after [start, end]: the same length for weeks and fortnights, the next calendar month's span otherwise. */
function nextPeriod(start: string, end: string): { start: string; end: string; frequency: PayFrequency } {
  const days = (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1;
  if (days === 7 || days === 14)
    return { start: addDays(start, days), end: addDays(end, days), frequency: days === 7 ? 'WEEKLY' : 'TWO_WEEKLY' };
  const nextStart = addDays(end, 1);
  const d = new Date(`${nextStart}T00:00:00Z`);
  const following = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toISOString().slice(0, 10);
  return { start: nextStart, end: addDays(following, -1), frequency: 'MONTHLY' };
}

async function plan(user: AgencyUser, ids: string[], resend: string[] | undefined) {
  const limit = pLimit(4);
  const read = await Promise.all(
    [...new Set(ids)].map((id) =>
      limit(async () => {
        try {
          return { id, sheet: nxsysTimesheetSchema.parse(await getTimesheet(user, id)) };
        } catch (error) {
          return { id, error: error instanceof ApiError ? error.message : 'Nxsys did not send this timesheet.' };
        }
      }),
    ),
  );
  const preview: CopyPreview = {
    timesheets: [],
    skipped: [],
    alreadyImportedCount: 0,
    totals: [],
    uncounted: 0,
  };
  const items: PlannedItem[] = [];
  for (const entry of read) {
    if ('error' in entry) {
      preview.skipped.push({ id: entry.id, reason: entry.error! });
      continue;
    }
    const { sheet } = entry;
    const start = sheet.startDate?.slice(0, 10);
    const end = sheet.endDate?.slice(0, 10);
    const candidateId = sheet.subcontractorRef?.id;
    if (!start || !end || !candidateId) {
      preview.skipped.push({ id: entry.id, reason: 'Nxsys did not send its candidate or period.' });
      continue;
    }
    if (sheet.rates.length === 0 || sheet.rates.some((l) => !l.vatID || l.rate === null || l.units === null)) {
      preview.skipped.push({ id: entry.id, reason: 'Nxsys did not send every line with its rate, units and VAT code.' });
      continue;
    }
    const next = nextPeriod(start, end);
    const period = ukTaxPeriod(next.start, next.frequency)!;
    const body: TimesheetPayload = {
      subcontractorRef: candidateId,
      startDate: next.start,
      endDate: next.end,
      taxYear: period.taxYear,
      taxPeriodConfig: period.period,
      rates: sheet.rates.map((l) => ({ rateId: l.rateId, rate: l.rate!, units: l.units!, vatID: l.vatID! })),
    };
    const amounts = sheet.rates.map((l) => lineAmounts(l.rate!, l.units!, vatPercent(l.VATRate) ?? 0));
    const totals = sheetTotals(amounts);
    const key = timesheetMatchKey(candidateId, next.start, next.end);
    preview.timesheets.push({
      key,
      fromId: entry.id,
      candidateId,
      // The documented timesheet may carry no name: attachCandidates fills it from the candidate lists.
      candidateName: sheet.subcontractorRef?.fullName ?? '',
      startDate: next.start,
      endDate: next.end,
      taxYear: period.taxYear,
      taxPeriod: period.period,
      lines: sheet.rates.map((l, i) => ({
        rowNumber: i + 1,
        code: String((l as { code?: unknown }).code ?? l.rateId),
        rate: l.rate!,
        units: l.units!,
        net: penceToString(amounts[i]?.netPence ?? 0),
      })),
      net: penceToString(totals.netPence),
      vat: penceToString(totals.vatPence),
      total: penceToString(totals.totalPence),
      currency: null,
      alreadyImported: false,
      sentBefore: null,
      heldInNxsys: [],
      skipped: false,
    });
    items.push({
      rowNumbers: [items.length + 2],
      matchKey: key,
      label: `Copy of ${entry.id} for ${candidateId}, ${ukDate(next.start)}–${ukDate(next.end)}`,
      body,
    });
  }
  await attachCandidates(user, preview.timesheets);
  for (const [i, t] of preview.timesheets.entries())
    items[i]!.label =
      `Copy of ${t.fromId} for ${t.candidateName ? `${t.candidateName} (${t.candidateId})` : t.candidateId}, ${ukDate(t.startDate)}–${ukDate(t.endDate)}`;
  markSent(
    preview.timesheets,
    await sentBefore(
      user.agency.id,
      items.map((i) => i.matchKey),
    ),
    resend,
  );
  await markHeldInNxsys(user, preview.timesheets, items, resend);
  preview.alreadyImportedCount = preview.timesheets.filter((t) => t.alreadyImported).length;
  Object.assign(preview, totalsByCurrency(preview.timesheets));
  return { preview, items };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Previews copies of timesheets into their next period; with `confirm`, sends them through the import job. One
 * job per selection (and choice of records to send again): the same copy confirmed twice answers with one job.
 */
export async function copyToNextPeriod(
  user: CurrentUser,
  input: unknown,
): Promise<{ preview: CopyPreview; id?: string; held?: number; message?: string }> {
  const request = copyRequestSchema.parse(input);
  const selection = [...new Set(request.ids)].sort();
  const { preview, items } = await plan(user, request.ids, request.resend);
  if (!request.confirm) return { preview };
  if (items.length === 0) throw new ApiError('import_rows_invalid', 'None of the selected timesheets can be copied.');
  const ids = preview.timesheets.map((t) => t.fromId);
  const startKey = `copy:${sha256(`${selection.join(',')}|${[...new Set(request.resend ?? [])].sort().join(',')}`)}`;
  // The agency reviews timesheets first: the copies wait as drafts (once per selection), nothing is sent yet.
  if (await reviewRequired(user.agency.id)) {
    const sheets = items.filter((_, i) => !preview.timesheets[i]!.skipped).map((i) => i.body as TimesheetBody);
    if (sheets.length === 0) throw new ApiError('import_rows_invalid', 'Every copy was already made, or Nxsys holds it already.');
    const { held, message } = await holdForReview(user, { source: 'COPY', key: startKey, sheets });
    return { preview, held, message };
  }
  const { id } = await startJob(user, {
    startKey,
    kind: 'TIMESHEETS',
    fileName: `Copy of ${ids.length} timesheet${ids.length === 1 ? '' : 's'} to the next period`,
    fileHash: sha256(`copy:${selection.join(',')}`),
    payFrequency: null,
    header: ['Copied from'],
    rows: ids.map((from, i) => ({ rowNumber: i + 2, cells: [from] })),
    items,
    resend: request.resend,
    skipped: [],
    details: { copies: items.length, alreadyImported: preview.alreadyImportedCount },
  });
  return { preview, id };
}
