import { z } from 'zod';
import { idPattern } from '@/lib/ids';

/** A pay element as Nxsys defines it: no money amount (the amount goes on each timesheet line). */
export const RATE_TYPES = ['RATE', 'FIXED'] as const;
export const RATE_UNITS = ['HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY'] as const;
export const RATE_FLAGS = [
  ['includeInCisCalculation', 'Include in CIS calculation'],
  ['includeNICalculation', 'Include in NI calculation'],
  ['includeTaxCalculation', 'Include in tax calculation'],
  ['includePensionCalculation', 'Include in pension calculation'],
  ['includeAccrueHolidayPay', 'Accrues holiday pay'],
  ['includeInPayeUmbrellaCalculation', 'Include in PAYE/umbrella calculation'],
  ['raiseInvoice', 'Raise an invoice'],
  ['isStatutory', 'Statutory payment'],
] as const;

/** One line of help per payroll flag, in plain English (shown under each checkbox). */
export const RATE_FLAG_HELP: Record<(typeof RATE_FLAGS)[number][0], string> = {
  includeInCisCalculation: 'Counts towards the pay that CIS deductions are worked out on, for CIS subcontractors.',
  includeNICalculation: 'Counts as earnings for National Insurance (PRSI for Irish candidates).',
  includeTaxCalculation: 'Counts as taxable pay for income tax.',
  includePensionCalculation: 'Counts as qualifying earnings for the workplace pension.',
  includeAccrueHolidayPay: 'Earns holiday pay (e.g. 12.07% of this pay is set aside or added).',
  includeInPayeUmbrellaCalculation: 'Counts in the PAYE and umbrella pay calculation (the gross the margin and costs come from).',
  raiseInvoice: 'Puts this pay on the invoice Nxsys raises to the agency.',
  isStatutory: 'A statutory payment such as sick, maternity or paternity pay, paid under its own rules.',
};

export const paymentRateSchema = z.object({
  code: z
    .string()
    .trim()
    .min(2, 'Enter a code of 2–20 characters')
    .max(20, 'Enter a code of 2–20 characters')
    .regex(/^[A-Za-z0-9_-]+$/, 'Use letters, digits, - or _'),
  description: z.string().trim().min(1, 'Enter a description').max(120),
  displayOnPayslip: z.string().trim().max(120),
  type: z.enum(RATE_TYPES, { error: 'Choose a type' }),
  units: z.enum(RATE_UNITS, { error: 'Choose the units' }),
  hoursPerUnit: z.coerce
    .number({ error: 'Enter a number of hours' })
    .min(0, 'Hours cannot be negative')
    .max(744, 'At most 744 hours (a month)'),
  defaultVATCode: z.string().regex(idPattern('vatCode'), 'Choose a VAT code'),
  includeInCisCalculation: z.boolean(),
  includeNICalculation: z.boolean(),
  includeTaxCalculation: z.boolean(),
  includePensionCalculation: z.boolean(),
  includeAccrueHolidayPay: z.boolean(),
  includeInPayeUmbrellaCalculation: z.boolean(),
  raiseInvoice: z.boolean(),
  isStatutory: z.boolean(),
});

export type PaymentRateForm = z.input<typeof paymentRateSchema>;

export const emptyPaymentRate: PaymentRateForm = {
  code: '',
  description: '',
  displayOnPayslip: '',
  type: 'RATE',
  units: 'HOURLY',
  hoursPerUnit: 1,
  defaultVATCode: '',
  includeInCisCalculation: true,
  includeNICalculation: true,
  includeTaxCalculation: true,
  includePensionCalculation: true,
  includeAccrueHolidayPay: true,
  includeInPayeUmbrellaCalculation: true,
  raiseInvoice: true,
  isStatutory: false,
};

/** A rate as Nxsys answers it (hoursPerUnit a string, defaultVATCode an object) → form values. */
export function fromNxsysRate(rate: Record<string, unknown>): PaymentRateForm {
  const vat = rate.defaultVATCode as { id?: string } | null | undefined;
  const flags = Object.fromEntries(RATE_FLAGS.map(([key]) => [key, rate[key] === true]));
  return {
    ...emptyPaymentRate,
    ...flags,
    code: String(rate.code ?? ''),
    description: String(rate.description ?? ''),
    displayOnPayslip: String(rate.displayOnPayslip ?? ''),
    type: (RATE_TYPES as readonly string[]).includes(String(rate.type)) ? (rate.type as PaymentRateForm['type']) : 'RATE',
    units: (RATE_UNITS as readonly string[]).includes(String(rate.units)) ? (rate.units as PaymentRateForm['units']) : 'HOURLY',
    hoursPerUnit: Number(rate.hoursPerUnit ?? 0),
    defaultVATCode: vat?.id ?? '',
  };
}
