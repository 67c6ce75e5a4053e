import 'server-only';
import { currencyOf, lineAmounts, penceToString, sheetTotals, toPence, vatPercent, type Currency } from '@/lib/money';
import { candidateCountries } from '@/lib/candidates/server';
import { ukDate } from '@/lib/dates';
import { ApiError } from '@/lib/errors/api-error';
import { isRecordId } from '@/lib/ids';
import { auditLabel, recordAudit } from '@/lib/server/audit';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { recordChange } from '@/lib/server/changes';
import { db } from '@/lib/server/db';
import { exactlyOnce } from '@/lib/server/idempotency';
import { holdForReview, reviewRequired } from './drafts';
import { callNxsys } from '@/lib/server/nxsys';
import { getRecord, pageReader, refId } from '@/lib/server/nxsys/lists';
import { unwrapOne } from '@/lib/server/nxsys/normalise';
import { editTimesheetSchema, newTimesheetSchema } from '../schema';
import { createdSince, findExistingTimesheets, isTimesheetFrom, nxsysTimesheetsFor, type ExistingTimesheet } from './find-existing';
import { TIMESHEET_LISTS } from './lists';

interface UpstreamTimesheet {
  id?: string;
  createdAt?: string | null;
  taxPeriod?: number | string | null;
  subcontractorRef?: string | { id?: string; fullName?: string | null } | null;
  totalNet?: number | string | null;
  totalVat?: number | string | null;
  totalPrices?: number | string | null;
  rates?: { rate?: string | number | null; units?: string | number | null; VATRate?: string | null }[];
}

/**
 * Our own totals for what Nxsys stored, checked against the totals it reports: a difference is surfaced
 * (never silently trusted either way).
 */
export function checkTotals(sheet: UpstreamTimesheet) {
  const ours = sheetTotals(
    (sheet.rates ?? []).map((l) => lineAmounts(String(l.rate ?? ''), String(l.units ?? ''), vatPercent(l.VATRate) ?? 0)),
  );
  const theirs = { netPence: toPence(sheet.totalNet), vatPence: toPence(sheet.totalVat), totalPence: toPence(sheet.totalPrices) };
  const matches = theirs.netPence === ours.netPence && theirs.vatPence === ours.vatPence && theirs.totalPence === ours.totalPence;
  return {
    matches,
    ours: { net: penceToString(ours.netPence), vat: penceToString(ours.vatPence), total: penceToString(ours.totalPence) },
  };
}

/**
 * How a timesheet reads in the activity log: "Timesheet TS-123 — Priya Shah, period 32". The name is the one Nxsys
 * sends with the sheet, else the candidate list's (cached), else the candidate id; never a failure of the write.
 */
async function timesheetLabel(
  user: Pick<CurrentUser, 'agency'>,
  id: string,
  sheet: UpstreamTimesheet | null,
  sent: { candidateId?: string; period?: number } = {},
): Promise<string> {
  const ref = sheet?.subcontractorRef;
  const candidateId = refId(ref) || sent.candidateId || '';
  let name = ref && typeof ref === 'object' && typeof ref.fullName === 'string' ? ref.fullName.trim() : '';
  if (!name && candidateId) name = (await candidateCountries(user).catch(() => null))?.nameById.get(candidateId) ?? '';
  const period = sheet?.taxPeriod ?? sent.period;
  return auditLabel(
    `Timesheet ${id}`,
    name || candidateId,
    period !== undefined && period !== null && period !== '' ? `period ${period}` : null,
  );
}

/** The request says to create another timesheet although one exists for the candidate and period (never sent to Nxsys). */
const confirmsDuplicate = (input: unknown) =>
  !!input && typeof input === 'object' && (input as { confirmDuplicate?: unknown }).confirmDuplicate === true;

function timesheetExists(existing: ExistingTimesheet) {
  const period =
    existing.startDate === existing.endDate ? ukDate(existing.startDate) : `${ukDate(existing.startDate)} to ${ukDate(existing.endDate)}`;
  return new ApiError(
    'timesheet_exists',
    `Timesheet ${existing.id} (${period}) already covers this candidate and period.`,
    undefined,
    undefined,
    { id: existing.id, href: `/timesheets/${existing.id}` },
  );
}

/**
 * Creates a timesheet exactly once (lib/server/idempotency.ts): per Idempotency-Key, and per candidate and period
 * — one already covering them (in Nxsys, or created through the portal) is refused with 409 `timesheet_exists`
 * naming it, unless the request says `confirmDuplicate: true`.
 */
export async function createTimesheet(
  user: CurrentUser,
  input: unknown,
  key: string | null = null,
): Promise<{ id: string; totals: ReturnType<typeof checkTotals> | null; review?: true; draftId?: string; message?: string }> {
  const values = newTimesheetSchema.parse(input);
  const confirmed = confirmsDuplicate(input);
  const subject = { candidateId: values.subcontractorRef, startDate: values.startDate, endDate: values.endDate };
  // The agency reviews timesheets first: held as a draft (once per key), nothing sent until someone else approves.
  // The same duplicate check as below: one in Nxsys, or another draft standing for the period, is a 409.
  if (await reviewRequired(user.agency.id)) {
    const inNxsys = async () => {
      const [existing] = await findExistingTimesheets(user, subject);
      if (existing) throw timesheetExists(existing);
    };
    const held = await holdForReview(user, { source: 'FORM', key, sheets: [values], duplicates: { confirmed, inNxsys } });
    const draftId = held.drafts[0]!.id;
    return { id: draftId, totals: null, review: true, draftId, message: 'Saved for review' };
  }
  const answer = await exactlyOnce(
    user,
    {
      scope: 'timesheet.create',
      key,
      request: { ...values, confirmDuplicate: confirmed },
      subject: { ref: subject.candidateId, start: subject.startDate, end: subject.endDate },
      // An attempt cut short: the sheet it made, if Nxsys lists one with the same dates and lines made since.
      recover: async (since) => {
        const made = (await nxsysTimesheetsFor(user, subject)).find(
          (item) => isTimesheetFrom(item, { ...subject, rates: values.rates }) && createdSince(item, since),
        );
        return made ? { status: 201, data: { id: String(made.id), totals: checkTotals(made) }, nxsysId: String(made.id) } : null;
      },
    },
    async (claim) => {
      if (!confirmed) {
        const [existing] = await findExistingTimesheets(user, subject, { exceptWrite: claim.id });
        if (existing) throw timesheetExists(existing);
      }
      await claim.beforeSend();
      const { body } = await callNxsys(user, {
        method: 'POST',
        path: TIMESHEET_LISTS.timesheets.path,
        body: { ...values, assignmentRef: null, monthConfig: null },
      });
      const sheet = unwrapOne<UpstreamTimesheet>(body);
      if (!sheet?.id) throw new ApiError('nxsys_error', 'Nxsys saved the timesheet but did not say its id.');
      await recordAudit(db, {
        agencyId: user.agency.id,
        actorId: user.id,
        action: 'timesheet.created',
        targetType: 'timesheet',
        targetId: sheet.id,
        targetLabel: await timesheetLabel(user, sheet.id, sheet, { candidateId: values.subcontractorRef, period: values.taxPeriodConfig }),
      });
      await recordChange(user.agency.id, 'timesheets');
      return { status: 201, data: { id: sheet.id, totals: checkTotals(sheet) }, nxsysId: sheet.id };
    },
  );
  return answer.data as { id: string; totals: ReturnType<typeof checkTotals> };
}

export async function updateTimesheet(user: CurrentUser, id: string, input: unknown) {
  if (!isRecordId('timesheet', id)) throw new ApiError('not_found', 'No such timesheet.');
  const values = editTimesheetSchema.parse(input);
  // The docs' update example sends rate and units as numbers (create: strings). Our decimals have at most 4
  // places, which a JSON number carries exactly.
  const rates = values.rates.map((l) => ({ rateId: l.rateId, rate: Number(l.rate), units: Number(l.units), vatID: l.vatID }));
  const { body } = await callNxsys(user, { method: 'PUT', path: `${TIMESHEET_LISTS.timesheets.path}/${id}`, body: { rates } });
  const sheet = unwrapOne<UpstreamTimesheet>(body);
  // The update's answer may not say whose timesheet it is: then the record is read for the label (best effort).
  const known =
    sheet && refId(sheet.subcontractorRef) ? sheet : ((await getTimesheet(user, id).catch(() => null)) as UpstreamTimesheet | null);
  await recordAudit(db, {
    agencyId: user.agency.id,
    actorId: user.id,
    action: 'timesheet.updated',
    targetType: 'timesheet',
    targetId: id,
    targetLabel: await timesheetLabel(user, id, known),
  });
  await recordChange(user.agency.id, 'timesheets');
  return { id, totals: sheet ? checkTotals(sheet) : null };
}

/** One timesheet as Nxsys holds it. */
export const getTimesheet = (user: Pick<CurrentUser, 'agency'>, id: string) => getRecord(user, TIMESHEET_LISTS.timesheets, id);

/** One page of the timesheet list, as Nxsys answered it. */
export const timesheetsPage = pageReader(TIMESHEET_LISTS.timesheets);

/**
 * A timesheet's candidate as the candidate lists know them: the currency of the money (an Irish candidate: euro)
 * and the name the list sent; null for either when the candidate cannot be found there (amounts are then shown
 * without a symbol, the candidate by id alone).
 */
export async function timesheetCandidate(
  user: Pick<CurrentUser, 'agency'>,
  candidateId: string | null | undefined,
): Promise<{ currency: Currency | null; name: string | null }> {
  if (!candidateId) return { currency: null, name: null };
  const countries = await candidateCountries(user).catch(() => null);
  return { currency: currencyOf(countries?.byId.get(candidateId)), name: countries?.nameById.get(candidateId) ?? null };
}

/**
 * A page of timesheets, each with its `currency` ('GBP' | 'EUR' | null) and `candidateListName` (the candidate
 * list's name for its candidate, absent when the list has none), for the lists: Nxsys's timesheets name the
 * candidate by id only.
 */
export async function timesheetsWithCandidates<P extends { data: Record<string, unknown>[] }>(
  user: Pick<CurrentUser, 'agency'>,
  page: P,
): Promise<P> {
  const countries = await candidateCountries(user).catch(() => null);
  return {
    ...page,
    data: page.data.map((item) => {
      const id = refId(item.subcontractorRef);
      return { ...item, currency: currencyOf(countries?.byId.get(id)), candidateListName: countries?.nameById.get(id) };
    }),
  };
}
