import 'server-only';
import { lineAmounts, penceToString, sheetTotals, toPence, vatPercent } from '@/lib/money';
import { editTimesheetSchema, newTimesheetSchema } from '@/lib/validations/timesheet';
import { recordAudit } from './audit';
import { forgetDashboard } from './dashboard';
import type { CurrentUser } from './auth/current-user';
import { db } from './db';
import { ApiError } from './http/api-error';
import { callNxsys } from './nxsys';
import { unwrapOne } from './nxsys/normalise';
import { isRecordId } from '@/lib/ids';

interface UpstreamTimesheet {
  id?: string;
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
  const ours = sheetTotals((sheet.rates ?? []).map((l) => lineAmounts(String(l.rate ?? ''), String(l.units ?? ''), vatPercent(l.VATRate) ?? 0)));
  const theirs = { netPence: toPence(sheet.totalNet), vatPence: toPence(sheet.totalVat), totalPence: toPence(sheet.totalPrices) };
  const matches = theirs.netPence === ours.netPence && theirs.vatPence === ours.vatPence && theirs.totalPence === ours.totalPence;
  return {
    matches,
    ours: { net: penceToString(ours.netPence), vat: penceToString(ours.vatPence), total: penceToString(ours.totalPence) },
  };
}

export async function createTimesheet(user: CurrentUser, input: unknown) {
  const values = newTimesheetSchema.parse(input);
  const { body } = await callNxsys(user, {
    method: 'POST',
    path: '/nxsys/time-sheets',
    body: { ...values, assignmentRef: null, monthConfig: null },
  });
  const sheet = unwrapOne<UpstreamTimesheet>(body);
  if (!sheet?.id) throw new ApiError('nxsys_error', 'Nxsys saved the timesheet but did not say its id.');
  await recordAudit(db, { agencyId: user.agency.id, actorId: user.id, action: 'timesheet.created', targetType: 'timesheet', targetId: sheet.id });
  forgetDashboard(user.agency.id);
  return { id: sheet.id, totals: checkTotals(sheet) };
}

export async function updateTimesheet(user: CurrentUser, id: string, input: unknown) {
  if (!isRecordId('timesheet', id)) throw new ApiError('not_found', 'No such timesheet.');
  const values = editTimesheetSchema.parse(input);
  // The docs' update example sends rate and units as numbers (create: strings). Our decimals have at most 4
  // places, which a JSON number carries exactly.
  const rates = values.rates.map((l) => ({ rateId: l.rateId, rate: Number(l.rate), units: Number(l.units), vatID: l.vatID }));
  const { body } = await callNxsys(user, { method: 'PUT', path: `/nxsys/time-sheets/${id}`, body: { rates } });
  const sheet = unwrapOne<UpstreamTimesheet>(body);
  await recordAudit(db, { agencyId: user.agency.id, actorId: user.id, action: 'timesheet.updated', targetType: 'timesheet', targetId: id });
  forgetDashboard(user.agency.id);
  return { id, totals: sheet ? checkTotals(sheet) : null };
}
