import { isIsoDate } from '@/lib/dates';
import { z } from 'zod';
import { MAX_RATE, MAX_UNITS, withinBounds } from '@/lib/money';
import { ownValue } from '@/lib/own-key';
import { idPattern } from '@/lib/ids';

/** A non-negative decimal (up to 4 places) no larger than `max`: checked at the field, in the form and the route. */
const decimal = (what: string, max: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what}`)
    .refine((v) => !v.startsWith('-'), `The ${what} cannot be negative`)
    .refine((v) => v.startsWith('-') || /^\d{1,12}(\.\d{1,4})?$/.test(v), `Enter the ${what} as a number, e.g. 12.50`)
    .refine(
      (v) => !/^\d{1,12}(\.\d{1,4})?$/.test(v) || withinBounds(v, max),
      `The ${what} can be at most ${Number(max).toLocaleString('en-GB')}`,
    );

export const timesheetLineSchema = z.object({
  rateId: z.string().regex(idPattern('paymentRate'), 'Choose a payment rate'),
  rate: decimal('rate', MAX_RATE),
  units: decimal('units', MAX_UNITS),
  vatID: z.string().regex(idPattern('vatCode'), 'Choose a VAT code'),
});

const lines = z.array(timesheetLineSchema).min(1, 'Add at least one line');

const isoDate = (what: string) =>
  z.string().min(1, `Enter the ${what}`).refine(isIsoDate, `Enter the ${what} as dd/mm/yyyy, e.g. 16/11/2026`);

export const newTimesheetSchema = z
  .object({
    subcontractorRef: z.string().regex(idPattern('candidate'), 'Choose a candidate'),
    startDate: isoDate('start date'),
    endDate: isoDate('end date'),
    taxYear: z.coerce
      .number({ error: 'Enter the tax year' })
      .int()
      .min(2000, 'Enter a tax year such as 2026')
      .max(2100, 'Enter a tax year such as 2026'),
    taxPeriodConfig: z.coerce
      .number({ error: 'Enter the tax period' })
      .int()
      .min(1, 'Tax periods run from 1 to 53')
      .max(53, 'Tax periods run from 1 to 53'),
    rates: lines,
  })
  .refine((t) => t.endDate >= t.startDate, { path: ['endDate'], message: 'The period cannot end before it starts' });

export const editTimesheetSchema = z.object({ rates: lines });

export type TimesheetLineForm = z.input<typeof timesheetLineSchema>;
export type NewTimesheetForm = z.input<typeof newTimesheetSchema> & { candidateName?: string };

const whole = z
  .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
  .nullish()
  .transform((v) => v ?? null);
/** Money and quantities as Nxsys sends them: numbers in some answers, strings in others; kept as text (exact). */
const amount = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' ? null : String(v)));
const textOrNull = z
  .string()
  .nullish()
  .transform((v) => v || null);

/**
 * A timesheet as Nxsys answers it (list item and record), as far as the portal reads it. Numbers may come as
 * strings (`taxYear: "2026"`), line `rate`/`units` as strings or numbers; anything missing stays null.
 */
export const nxsysTimesheetSchema = z
  .object({
    id: z.string(),
    subcontractorRef: z
      .union([z.string().transform((id) => ({ id, fullName: null })), z.object({ id: z.string(), fullName: textOrNull }).loose()])
      .nullish()
      .transform((v) => (v ? { id: v.id, fullName: v.fullName ?? null } : null)),
    startDate: textOrNull,
    endDate: textOrNull,
    taxYear: whole,
    taxPeriod: whole,
    payFrequency: textOrNull,
    paymentModel: textOrNull,
    approveStatus: textOrNull,
    invoiceStatus: textOrNull,
    totalNet: amount,
    totalVat: amount,
    totalPrices: amount,
    rates: z
      .array(
        z.object({ rateId: z.string(), rate: amount, units: amount, vatID: z.string().nullish(), VATRate: z.string().nullish() }).loose(),
      )
      .nullish()
      .transform((v) => v ?? []),
  })
  .loose();

export const APPROVE_STATUS_LABELS: Record<string, string> = {
  PENDING_AGENCY_APPROVAL: 'Pending agency approval',
  APPROVED: 'Approved',
  REJECTED: 'Rejected',
};

/** Only timesheets still awaiting the agency's approval can be changed; say why otherwise. */
export function lockedReason(approveStatus: string | null | undefined): string | null {
  if (!approveStatus || approveStatus === 'PENDING_AGENCY_APPROVAL') return null;
  return `This timesheet is ${(ownValue(APPROVE_STATUS_LABELS, approveStatus) ?? approveStatus).toLowerCase()}, so Nxsys no longer allows changes to it.`;
}
