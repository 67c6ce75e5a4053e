// Payment rates between Nxsys and our form. Zod-free, like options.ts.
import { emptyPaymentRate } from './empty-form';
import { RATE_FLAGS, RATE_TYPES, RATE_UNITS } from './options';
import type { PaymentRateForm } from './schema';

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
