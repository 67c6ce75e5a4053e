import 'server-only';

/** The payment rates & VAT codes domain's server surface. */
export { getPaymentRate, savePaymentRate, vatCodes, type VatCode } from './payment-rates';
export { PAYMENT_RATE_LISTS } from './lists';
export { lineOptions, paymentRateOptions, vatCodeOptions } from './pickers';
