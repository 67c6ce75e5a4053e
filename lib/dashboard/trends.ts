import type { Currency } from '@/lib/money-format';

/**
 * The 12-week trend as the server hands it to the chart (plain JSON: it is also what the shared cache keeps).
 * Money and hours are exact decimal strings; null is "—": a figure Nxsys did not send (or a line whose kind of
 * unit is not known), never a 0.
 */
export interface TrendWeek {
  /** Monday of the week (yyyy-mm-dd). */
  start: string;
  /** Units of the week's hour-based lines (payment rate `units` HOURLY). */
  hours: string | null;
  /** Sum of the week's timesheets' `totalNet`. */
  timesheetNet: string | null;
  /** Sum of the `net` of the payslips paying those timesheets; null when none yet (payslips come after the pay run). */
  payslipNet: string | null;
  timesheets: number;
  payslips: number;
}

/** One currency's weeks (null: candidates whose country, hence currency, is not known). Never two currencies. */
export interface TrendSeries {
  currency: Currency | null;
  weeks: TrendWeek[];
}

export type Trends =
  | { complete: true; from: string; to: string; series: TrendSeries[]; unplacedPayslips: number }
  /** A list could not be read to its end: no figures rather than wrong ones. */
  | { complete: false; reason: string };
