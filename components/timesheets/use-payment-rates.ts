'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/api-client';

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
