/**
 * Pickers' shapes for VAT codes and payment rates, and their labels: zod-free and client-safe, so a form can take
 * them as props from its server page (lib/payment-rates/server/pickers.ts) without loading a schema. The
 * payment-rate form's choices and empty values are here too; schema.ts builds its rules from them (and re-exports them).
 */

export interface VatCodeOption {
  id: string;
  description: string;
  VATRate: string;
  VATCode: string;
}

export const vatLabel = (v: VatCodeOption) => `${v.VATCode} — ${v.description} (${v.VATRate})`;

export interface RateOption {
  id: string;
  code: string;
  description: string;
  units: string;
  defaultVATCode?: { id: string } | null;
}

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
