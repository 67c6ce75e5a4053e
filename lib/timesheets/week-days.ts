import { ukTaxWeek } from '@/lib/tax-period';

/**
 * The weekly grid's days and arithmetic, zod-free and decimal-library-free so that the grid's page can use them at
 * render without loading its schema (lib/timesheets/week.ts, which uses them too, holds the schema).
 */

/** A week entered as hours per day (Mon–Sun) per payment code: one timesheet with one line per code. */
export const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** One row of the grid: a payment code, its rate and VAT code, and the hours of each day (Mon–Sun, as typed). */
export interface WeekRow {
  rateId: string;
  rate: string;
  vatID: string;
  hours: string[];
}

export interface WeekGrid {
  subcontractorRef: string;
  weekStart: string;
  rows: WeekRow[];
}

export const addDays = (isoDay: string, days: number) =>
  new Date(Date.parse(`${isoDay}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The Monday of the week a day falls in. */
export const mondayOf = (isoDay: string) => addDays(isoDay, -((new Date(`${isoDay}T00:00:00Z`).getUTCDay() + 6) % 7));

const DECIMAL = /^\d+(\.\d+)?$/;

/** Exact sum of non-negative decimal strings ("7.5" + "8" = "15.5"), in integers scaled by the longest fraction. */
function addDecimals(values: string[]): string {
  const parts = values.filter((v) => DECIMAL.test(v));
  const scale = Math.max(0, ...parts.map((p) => (p.split('.')[1] ?? '').length));
  let sum = 0n;
  for (const p of parts) {
    const [whole, fraction = ''] = p.split('.');
    sum += BigInt(whole! + fraction.padEnd(scale, '0'));
  }
  const digits = sum.toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** The hours of a row added up exactly ("7.5" + "8" = "15.5"); what is not a number is left out. */
export const rowUnits = (row: { hours: string[] }) => addDecimals(row.hours.map((h) => h.trim()));

/** The grid as the timesheet create body (POST /api/timesheets): the week's period, units = the week's hours per code. */
export function weekToTimesheet(values: WeekGrid) {
  const week = ukTaxWeek(values.weekStart)!;
  return {
    subcontractorRef: values.subcontractorRef,
    startDate: values.weekStart,
    endDate: addDays(values.weekStart, 6),
    taxYear: week.taxYear,
    taxPeriodConfig: week.period,
    rates: values.rows.map((row) => ({ rateId: row.rateId, rate: row.rate, units: rowUnits(row), vatID: row.vatID })),
  };
}

/** Far from usual: a rate differing by more than this share from the same code's rate on the worker's latest timesheet. */
export const FAR_FROM_USUAL = 0.25;

/** Whether a typed rate is far from the usual one (said beside the rate, never blocking); false when either is not a number. */
export function farFromUsual(rate: string, usual: string | undefined): boolean {
  if (!usual || !DECIMAL.test(rate.trim()) || !DECIMAL.test(usual) || Number(usual) === 0) return false;
  return Math.abs(Number(rate) / Number(usual) - 1) > FAR_FROM_USUAL;
}
