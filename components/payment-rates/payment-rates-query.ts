import { plainListQuery, type ListDefaults } from '@/components/list/list-query';

export const PAYMENT_RATES_DEFAULTS: ListDefaults = { sortField: 'code', sortType: 'asc' };

/** The payment-rates list's API query and cache key for a URL's parameters (browser and server alike). */
export const paymentRatesListQuery = (params: Pick<URLSearchParams, 'get' | 'forEach'>) =>
  plainListQuery('payment-rates', params, PAYMENT_RATES_DEFAULTS);
