// Zod-free (a type import only), so the server page and the Nxsys mapper can start from it without the schema.
import type { PaymentRateForm } from './schema';

/** A new payment rate's form before anyone touched it. */
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
