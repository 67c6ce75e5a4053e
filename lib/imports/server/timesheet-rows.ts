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
  type DuplicateLine,
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

/**
 * Corrections the checker knows for sure, per kind: the name Nxsys holds for an id that matched exactly one
 * candidate, and the tax period the start date falls in. Offered to the user, never applied by themselves.
 */
export interface CellFixes {
  nxsysName: { rowNumber: number; forename: string; surname: string }[];
  taxPeriod: { rowNumber: number; value: string }[];
  /** Rows whose payment code Nxsys does not have (mapped to another only by the user's choice). */
  paymentCode: { rowNumber: number; code: string }[];
}

export const timesheetMatchKey = (candidateId: string, startDate: string, endDate: string) => `TS|${candidateId}|${startDate}|${endDate}`;

/** "12.50" and "12.5" are the same amount. */
const plainDecimal = (value: string) =>
  value
    .replace(/^0+(?=\d)/, '')
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');

const fullName = (c: KnownCandidate) => `${c.forename} ${c.surname}`.trim();
/** "Ann Lee (SR-1) or Ann Lee (SR-2)": the candidates an identifier could mean, for the user to choose by SR id. */
const either = (found: KnownCandidate[]) => found.map((c) => `${fullName(c)} (${c.id})`).join(' or ');

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  map.set(key, [...(map.get(key) ?? []), value]);
}

/**
 * Checks every row of a timesheet file (candidate found by id, or by an NI number, reference or name that only
 * one candidate holds; payment code exists; dates, tax period, rate and units valid) and groups the lines of one
 * worker and period into one timesheet. A line identical to an earlier one of the same worker and period (same
 * code, rate and units) is left out unless its row number is in `keep`: it is listed in `duplicates`.
 * `complete: false` (the candidate list was not read to its end) means no identifier but the id can be trusted to
 * be unique.
 */
export function checkTimesheetRows(
  request: ImportRequest,
  candidates: KnownCandidate[],
  rates: KnownRate[],
  complete = true,
): { problems: RowProblem[]; groups: TimesheetGroup[]; duplicates: DuplicateLine[]; fixes: CellFixes } {
  const frequency: PayFrequency = request.payFrequency ?? 'WEEKLY';
  const cell = (cells: string[], field: string) => {
    const index = request.mapping[field];
    return index === undefined ? '' : (cells[index] ?? '').trim();
  };
  const byId = new Map(candidates.map((c) => [c.id.toUpperCase(), c]));
  // Every identifier but the Nxsys id may be shared: each maps to all the candidates holding it.
  const byNino = new Map<string, KnownCandidate[]>();
  const byRef = new Map<string, KnownCandidate[]>();
  const byName = new Map<string, KnownCandidate[]>();
  for (const c of candidates) {
    if (c.nino) addTo(byNino, c.nino, c);
    if (c.agencyRef) addTo(byRef, c.agencyRef.toUpperCase(), c);
    addTo(byName, `${c.forename} ${c.surname}`.toLowerCase().replace(/\s+/g, ' ').trim(), c);
  }
  const rateByCode = new Map(rates.map((r) => [r.code, r]));
  const keep = new Set(request.keep ?? []);

  const problems: RowProblem[] = [];
  const duplicates: DuplicateLine[] = [];
  const fixes: CellFixes = { nxsysName: [], taxPeriod: [], paymentCode: [] };
  const groups = new Map<string, TimesheetGroup & { amounts: ReturnType<typeof lineAmounts>[]; lineRows: Map<string, number> }>();

  for (const { rowNumber, cells } of request.rows) {
    const errors: Record<string, string> = {};
    const reference = cell(cells, 'employeeId') || cell(cells, 'agencyRef');
    const referenceField = cell(cells, 'employeeId') ? 'employeeId' : 'agencyRef';
    const forename = cell(cells, 'forename');
    const surname = cell(cells, 'surname');
    const name = `${forename} ${surname}`.toLowerCase().replace(/\s+/g, ' ').trim();

    // The worker: by Nxsys id; else by NI number, the agency's reference or name, only when exactly one candidate
    // holds it (one that two candidates share picks neither: the row names them and asks for the SR id).
    let candidate: KnownCandidate | undefined;
    if (reference) {
      const upper = reference.toUpperCase();
      const byIdOnly = isRecordId('candidate', upper);
      // An NI number is matched as Nxsys holds it, valid or not (older records may carry numbers HMRC would refuse).
      const found = byIdOnly
        ? [byId.get(upper)].filter((c) => c !== undefined)
        : [...new Set([...(byNino.get(normaliseNino(reference)) ?? []), ...(byRef.get(upper) ?? [])])];
      const one = found[0];
      if (!one) {
        errors[referenceField] = isValidNino(normaliseNino(reference))
          ? `No candidate in Nxsys has the NI number ${reference}`
          : `No candidate in Nxsys has the reference ${reference}`;
      } else if (found.length > 1) {
        errors[referenceField] = `${reference} belongs to ${found.length} candidates: ${either(found)}. Give the SR id of the right one.`;
      } else if (!byIdOnly && !complete) {
        errors[referenceField] =
          `The candidate list could not be read to its end, so ${reference} may belong to another candidate too. Give the SR id.`;
      } else if (name && fullName(one).toLowerCase().replace(/\s+/g, ' ') !== name) {
        errors[forename ? 'forename' : 'surname'] = `${reference} is ${fullName(one)} in Nxsys, not ${forename} ${surname}`;
        fixes.nxsysName.push({ rowNumber, forename: one.forename, surname: one.surname });
      } else candidate = one;
    } else if (name) {
      const found = byName.get(name) ?? [];
      if (found.length === 0) errors.forename = `No candidate in Nxsys is called ${forename} ${surname}`;
      else if (found.length > 1)
        errors.employeeId = `${found.length} candidates are called ${forename} ${surname}: ${either(found)}. Give the SR id of the right one.`;
      else if (!complete)
        errors.employeeId = `The candidate list could not be read to its end, so another candidate may be called ${forename} ${surname}. Give the SR id.`;
      else candidate = found[0];
    } else {
      errors.employeeId = 'Give the Employee ID (Nxsys id or NI number) or the forename and surname';
    }

    const code = cell(cells, 'paymentCode').toUpperCase();
    const rate = code ? rateByCode.get(code) : undefined;
    if (!code) errors.paymentCode = 'Enter the payment code, e.g. PR100';
    else if (!rate) {
      errors.paymentCode = `Payment code ${code} does not exist in Nxsys`;
      fixes.paymentCode.push({ rowNumber, code });
    } else if (!rate.vatId) errors.paymentCode = `Payment code ${code} has no default VAT code in Nxsys`;

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
    if (!periodText) {
      errors.taxPeriod = 'Enter the tax period';
      if (expected) fixes.taxPeriod.push({ rowNumber, value: String(expected.period) });
    } else if (period === null || period < 1 || period > PERIOD_MAX[frequency]) {
      errors.taxPeriod = `The tax period must be a whole number from 1 to ${PERIOD_MAX[frequency]} for ${PAY_FREQUENCIES[frequency].toLowerCase()} pay`;
    } else if (expected && expected.period !== period) {
      errors.taxPeriod = `${ukDate(start)} is in tax ${PERIOD_NAME[frequency]} ${expected.period}, not ${period}`;
      fixes.taxPeriod.push({ rowNumber, value: String(expected.period) });
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
        lineRows: new Map(),
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
          currency: null,
          alreadyImported: false,
          sentBefore: null,
          heldInNxsys: [],
          skipped: false,
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
    // The same line twice for one worker and period is more often a copy-paste than two shifts: it is paid once
    // unless the user keeps it.
    const lineKey = `${code}|${plainDecimal(rateValue)}|${plainDecimal(units)}`;
    const sameAs = group.lineRows.get(lineKey);
    if (sameAs !== undefined) {
      const kept = keep.has(rowNumber);
      duplicates.push({ rowNumber, sameAs, kept, label: `${fullName(candidate)} (${candidate.id}), ${code} ${units} × ${rateValue}` });
      if (!kept) continue;
    } else group.lineRows.set(lineKey, rowNumber);
    const amounts = lineAmounts(rateValue, units, vatPercent(rate.vatPercent) ?? 0);
    group.rowNumbers.push(rowNumber);
    group.amounts.push(amounts);
    group.payload.rates.push({ rateId: rate.id, rate: rateValue, units, vatID: rate.vatId! });
    group.preview.lines.push({ rowNumber, code, rate: rateValue, units, net: penceToString(amounts?.netPence ?? 0) });
  }

  const result = [...groups.values()].map(({ amounts, lineRows: _lineRows, ...group }) => {
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
  return { problems, groups: result, duplicates, fixes };
}
