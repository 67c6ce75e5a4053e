/**
 * Pickers' shapes for VAT codes and payment rates, and their labels: zod-free and client-safe, so a form can take
 * them as props from its server page (lib/payment-rates/server: vatCodes) without loading a schema or react-query.
 */
export interface VatCodeOption {
  id: string;
  description: string;
  VATRate: string;
  VATCode: string;
}

export const vatLabel = (v: VatCodeOption) => `${v.VATCode} — ${v.description} (${v.VATRate})`;

export interface RateOption {
  id: string;
  code: string;
  description: string;
  units: string;
  defaultVATCode?: { id: string } | null;
}
