import type { ListDefaults } from '@/lib/list/query';

/** The payment-rates list's order when the URL names none (the server page and the list's controls alike). */
export const PAYMENT_RATES_DEFAULTS: ListDefaults = { sortField: 'code', sortType: 'asc' };
