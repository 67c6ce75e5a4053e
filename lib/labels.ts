/**
 * How Nxsys's enum values read to people, for every list and detail page (candidates, timesheets, payslips,
 * payment rates). Client-safe.
 */
export const label = (value: string | null | undefined) =>
  value ? value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ') : '—';

export const PAYMENT_MODEL_VALUES = ['UMBRELLA', 'PAYEE', 'CIS'] as const;

/**
 * Payment models, in one place: the value Nxsys takes → what people read. `CIS` (UK example) and `PAYEE`
 * (Irish example) are the spellings the docs show; `UMBRELLA` is our inference (the knowledge base names the
 * model, not its API spelling).
 */
export const PAYMENT_MODELS: Record<(typeof PAYMENT_MODEL_VALUES)[number], string> = { UMBRELLA: 'Umbrella', PAYEE: 'PAYE', CIS: 'CIS' };
export const paymentModelLabel = (value: unknown) =>
  typeof value === 'string' && value ? (PAYMENT_MODELS[value as keyof typeof PAYMENT_MODELS] ?? label(value)) : '—';
