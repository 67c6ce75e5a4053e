import { formatMoney } from '@/lib/money-format';
import type { MoneyTotal } from '@/lib/imports/options';

/** "£1,200.00 · €576.00": one sum per currency, never one added into the other ("—" when there is none). */
export const perCurrency = (totals: MoneyTotal[], pick: (t: MoneyTotal) => string) =>
  totals.map((t) => formatMoney(pick(t), t.currency)).join(' · ') || '—';
