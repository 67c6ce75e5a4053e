import 'server-only';
import { lineAmounts, MAX_RATE, MAX_UNITS, penceToString, sheetTotals, vatPercent, withinBounds } from '@/lib/money';
import { isRecordId } from '@/lib/ids';
import { ukTaxPeriod } from '@/lib/tax-period';
import { ukDate } from '@/lib/dates';
import { isValidNino, normaliseNino } from '@/lib/validations/identifiers';
import {
  addDays,
  parseDay,
  PAY_FREQUENCIES,
  type ImportRequest,
  type PayFrequency,
  type PreviewTimesheet,
  type RowProblem,
} from '../schema';
import type { KnownCandidate, KnownRate } from './lookups';

/** What one timesheet item sends to Nxsys (POST /nxsys/time-sheets, as the docs' example). */
export interface TimesheetPayload {
  subcontractorRef: string;
  startDate: string;
  endDate: string;
  taxYear: number;
  taxPeriodConfig: number;
  rates: { rateId: string; rate: string; units: string; vatID: string }[];
}

export interface TimesheetGroup {
  preview: PreviewTimesheet;
  rowNumbers: number[];
  matchKey: string;
  payload: TimesheetPayload;
}

const DECIMAL = /^\d{1,12}(\.\d{1,4})?$/;
const PERIOD_MAX: Record<PayFrequency, number> = { WEEKLY: 53, TWO_WEEKLY: 27, MONTHLY: 12 };
const PERIOD_NAME: Record<PayFrequency, string> = { WEEKLY: 'week', TWO_WEEKLY: 'fortnight', MONTHLY: 'month' };

/** The last day of a period starting on `start`, when the file leaves End Date empty. */
function defaultEnd(start: string, frequency: PayFrequency): string {
  if (frequency === 'WEEKLY') return addDays(start, 6);
  if (frequency === 'TWO_WEEKLY') return addDays(start, 13);
  const d = new Date(`${start}T00:00:00Z`);
  const next = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()));
  return addDays(next.toISOString().slice(0, 10), -1);
}

const MAX_LENGTH: Record<PayFrequency, number> = { WEEKLY: 7, TWO_WEEKLY: 14, MONTHLY: 31 };

/** A decimal as typed ("12.5", "£12.50", "1,234.00") → "1234.00"-style text, or null. */
function decimalOf(value: string): string | null {
  const v = value.replace(/^[£€]/, '').replace(/,/g, '').trim();
  return DECIMAL.test(v) ? v : null;
}

export const timesheetMatchKey = (candidateId: string, startDate: string, endDate: string) => `TS|${candidateId}|${startDate}|${endDate}`;

/**
 * Checks every row of a timesheet file (candidate found by id, NI number or unique name; payment code exists;
 * dates, tax period, rate and units valid) and groups the lines of one worker and period into one timesheet.
 */
export function checkTimesheetRows(
  request: ImportRequest,
  candidates: KnownCandidate[],
  rates: KnownRate[],
): { problems: RowProblem[]; groups: TimesheetGroup[] } {
  const frequency: PayFrequency = request.payFrequency ?? 'WEEKLY';
  const cell = (cells: string[], field: string) => {
    const index = request.mapping[field];
    return index === undefined ? '' : (cells[index] ?? '').trim();
  };
  const byId = new Map(candidates.map((c) => [c.id.toUpperCase(), c]));
  const byNino = new Map<string, KnownCandidate>();
  for (const c of candidates) if (c.nino) byNino.set(c.nino, c);
  const byName = new Map<string, KnownCandidate[]>();
  for (const c of candidates) {
    const key = `${c.forename} ${c.surname}`.toLowerCase().replace(/\s+/g, ' ').trim();
    byName.set(key, [...(byName.get(key) ?? []), c]);
  }
  const rateByCode = new Map(rates.map((r) => [r.code, r]));

  const problems: RowProblem[] = [];
  const groups = new Map<string, TimesheetGroup & { amounts: ReturnType<typeof lineAmounts>[] }>();

  for (const { rowNumber, cells } of request.rows) {
    const errors: Record<string, string> = {};
    const reference = cell(cells, 'employeeId') || cell(cells, 'agencyRef');
    const referenceField = cell(cells, 'employeeId') ? 'employeeId' : 'agencyRef';
    const forename = cell(cells, 'forename');
    const surname = cell(cells, 'surname');
    const name = `${forename} ${surname}`.toLowerCase().replace(/\s+/g, ' ').trim();

    // The worker: by Nxsys id, by NI number, by the agency's reference, else by name when exactly one matches.
    let candidate: KnownCandidate | undefined;
    if (reference) {
      const upper = reference.toUpperCase();
      // An NI number is matched as Nxsys holds it, valid or not (older records may carry numbers HMRC would refuse).
      if (isRecordId('candidate', upper)) candidate = byId.get(upper);
      else candidate = byNino.get(normaliseNino(reference)) ?? candidates.find((c) => c.agencyRef && c.agencyRef.toUpperCase() === upper);
      if (!candidate) {
        errors[referenceField] = isValidNino(normaliseNino(reference))
          ? `No candidate in Nxsys has the NI number ${reference}`
          : `No candidate in Nxsys has the reference ${reference}`;
      } else if (name && `${candidate.forename} ${candidate.surname}`.toLowerCase().replace(/\s+/g, ' ') !== name) {
        errors[forename ? 'forename' : 'surname'] =
          `${reference} is ${candidate.forename} ${candidate.surname} in Nxsys, not ${forename} ${surname}`;
        candidate = undefined;
      }
    } else if (name) {
      const found = byName.get(name) ?? [];
      if (found.length === 1) candidate = found[0];
      else if (found.length === 0) errors.forename = `No candidate in Nxsys is called ${forename} ${surname}`;
      else errors.employeeId = `${found.length} candidates are called ${forename} ${surname}: give the Employee ID`;
    } else {
      errors.employeeId = 'Give the Employee ID (Nxsys id or NI number) or the forename and surname';
    }

    const code = cell(cells, 'paymentCode').toUpperCase();
    const rate = code ? rateByCode.get(code) : undefined;
    if (!code) errors.paymentCode = 'Enter the payment code, e.g. PR100';
    else if (!rate) errors.paymentCode = `Payment code ${code} does not exist in Nxsys`;
    else if (!rate.vatId) errors.paymentCode = `Payment code ${code} has no default VAT code in Nxsys`;

    const startText = cell(cells, 'startDate');
    const start = parseDay(startText);
    if (!startText) errors.startDate = 'Enter the start date (dd/mm/yyyy)';
    else if (!start) errors.startDate = `${startText} is not a date: use dd/mm/yyyy`;
    else if (start < '2000-04-06') errors.startDate = `${ukDate(start)} is too long ago for a timesheet`;
    const endText = cell(cells, 'endDate');
    let end = endText ? parseDay(endText) : start ? defaultEnd(start, frequency) : null;
    if (endText && !end) errors.endDate = `${endText} is not a date: use dd/mm/yyyy`;
    if (start && end) {
      const days = (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1;
      if (days < 1) errors.endDate = 'The end date is before the start date';
      else if (days > MAX_LENGTH[frequency])
        errors.endDate = `A ${PAY_FREQUENCIES[frequency].toLowerCase()} period lasts at most ${MAX_LENGTH[frequency]} days`;
    } else end = null;

    const periodText = cell(cells, 'taxPeriod');
    const period = /^\d{1,2}$/.test(periodText) ? Number(periodText) : null;
    const expected = start ? ukTaxPeriod(start, frequency) : null;
    if (!periodText) errors.taxPeriod = 'Enter the tax period';
    else if (period === null || period < 1 || period > PERIOD_MAX[frequency]) {
      errors.taxPeriod = `The tax period must be a whole number from 1 to ${PERIOD_MAX[frequency]} for ${PAY_FREQUENCIES[frequency].toLowerCase()} pay`;
    } else if (expected && expected.period !== period) {
      errors.taxPeriod = `${ukDate(start)} is in tax ${PERIOD_NAME[frequency]} ${expected.period}, not ${period}`;
    }

    const rateValue = decimalOf(cell(cells, 'rate'));
    if (!cell(cells, 'rate')) errors.rate = 'Enter the rate';
    else if (!rateValue) errors.rate = `${cell(cells, 'rate')} is not an amount, e.g. 12.50`;
    else if (!withinBounds(rateValue, MAX_RATE)) errors.rate = `The rate can be at most ${Number(MAX_RATE).toLocaleString('en-GB')}`;
    const units = decimalOf(cell(cells, 'unit'));
    if (!cell(cells, 'unit')) errors.unit = 'Enter the units (hours or days)';
    else if (!units) errors.unit = `${cell(cells, 'unit')} is not a number of units, e.g. 37.5`;
    else if (!withinBounds(units, MAX_UNITS)) errors.unit = `The units can be at most ${Number(MAX_UNITS).toLocaleString('en-GB')}`;
    else if (Number(units) === 0) errors.unit = 'The units must be more than 0';

    if (Object.keys(errors).length || !candidate || !rate || !start || !end || !expected || !rateValue || !units || period === null) {
      problems.push({ rowNumber, errors: Object.keys(errors).length ? errors : { _: 'This row cannot be read' } });
      continue;
    }

    const key = timesheetMatchKey(candidate.id, start, end);
    let group = groups.get(key);
    if (!group) {
      group = {
        matchKey: key,
        rowNumbers: [],
        amounts: [],
        payload: {
          subcontractorRef: candidate.id,
          startDate: start,
          endDate: end,
          taxYear: expected.taxYear,
          taxPeriodConfig: period,
          rates: [],
        },
        preview: {
          key,
          candidateId: candidate.id,
          candidateName: `${candidate.forename} ${candidate.surname}`.trim(),
          startDate: start,
          endDate: end,
          taxYear: expected.taxYear,
          taxPeriod: period,
          lines: [],
          net: '0.00',
          vat: '0.00',
          total: '0.00',
          alreadyImported: false,
        },
      };
      groups.set(key, group);
    } else if (group.payload.taxPeriodConfig !== period) {
      problems.push({
        rowNumber,
        errors: { taxPeriod: `Other rows give this worker and period tax period ${group.payload.taxPeriodConfig}` },
      });
      continue;
    }
    const amounts = lineAmounts(rateValue, units, vatPercent(rate.vatPercent) ?? 0);
    group.rowNumbers.push(rowNumber);
    group.amounts.push(amounts);
    group.payload.rates.push({ rateId: rate.id, rate: rateValue, units, vatID: rate.vatId! });
    group.preview.lines.push({ rowNumber, code, rate: rateValue, units, net: penceToString(amounts?.netPence ?? 0) });
  }

  const result = [...groups.values()].map(({ amounts, ...group }) => {
    const totals = sheetTotals(amounts);
    return {
      ...group,
      preview: {
        ...group.preview,
        net: penceToString(totals.netPence),
        vat: penceToString(totals.vatPence),
        total: penceToString(totals.totalPence),
      },
    };
  });
  return { problems, groups: result };
}
