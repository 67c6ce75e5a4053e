'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/api-client';
import type { RateOption, VatCodeOption } from './options';

export { vatLabel, type RateOption, type VatCodeOption } from './options';

/** Loaded once per session (the server caches them too). */
export function useVatCodes() {
  return useQuery({
    queryKey: ['vat-codes'],
    queryFn: () => apiFetch<{ data: VatCodeOption[] }>('/api/vat-codes').then((r) => r.data),
    staleTime: Infinity,
  });
}

/** Every payment rate of the agency (a short list), for line pickers. */
export function usePaymentRateOptions() {
  return useQuery({
    queryKey: ['payment-rates', 'options'],
    queryFn: () => apiFetch<{ data: RateOption[] }>('/api/nxsys/payment-rates?size=100&sortField=code&sortType=asc').then((r) => r.data),
    staleTime: 5 * 60_000,
  });
}
