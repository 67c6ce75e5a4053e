'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/api-client';

export interface VatCodeOption {
  id: string;
  description: string;
  VATRate: string;
  VATCode: string;
}

/** Loaded once per session (the server caches them too). */
export function useVatCodes() {
  return useQuery({
    queryKey: ['vat-codes'],
    queryFn: () => apiFetch<{ data: VatCodeOption[] }>('/api/vat-codes').then((r) => r.data),
    staleTime: Infinity,
  });
}

export const vatLabel = (v: VatCodeOption) => `${v.VATCode} — ${v.description} (${v.VATRate})`;

export interface RateOption {
  id: string;
  code: string;
  description: string;
  units: string;
  defaultVATCode?: { id: string } | null;
}

/** Every payment rate of the agency (a short list), for line pickers. */
export function usePaymentRateOptions() {
  return useQuery({
    queryKey: ['payment-rates', 'options'],
    queryFn: () => apiFetch<{ data: RateOption[] }>('/api/nxsys/payment-rates?size=100&sortField=code&sortType=asc').then((r) => r.data),
    staleTime: 5 * 60_000,
  });
}
