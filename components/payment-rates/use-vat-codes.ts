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
