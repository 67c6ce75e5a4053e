import { z } from 'zod';
import { idPattern } from '@/lib/ids';
import { RATE_TYPES, RATE_UNITS } from './options';

export { RATE_FLAGS, RATE_FLAG_HELP, RATE_TYPES, RATE_UNITS } from './options';

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
  // A number, or the text of a plain decimal (what the form's field holds); nothing else is read as one ("0x10",
  // "", null, true and [5] are not hours, whatever JavaScript's Number() makes of them).
  hoursPerUnit: z.preprocess(
    (value) => (typeof value === 'string' && /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(value) ? Number(value) : value),
    z.number({ error: 'Enter a number of hours' }).min(0, 'Hours cannot be negative').max(744, 'At most 744 hours (a month)'),
  ),
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
