// UK tax years run from 6 April; pay runs are numbered weeks (or months) within them.

/** The UK tax year (starting 6 April) and weekly tax period a date falls in. */
export function ukTaxWeek(isoDay: string): { taxYear: number; period: number } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDay)) return null;
  const day = Date.parse(`${isoDay}T00:00:00Z`);
  const year = Number(isoDay.slice(0, 4));
  const startThisYear = Date.UTC(year, 3, 6);
  const taxYear = day >= startThisYear ? year : year - 1;
  const start = Date.UTC(taxYear, 3, 6);
  return { taxYear, period: Math.min(53, Math.floor((day - start) / (7 * 86_400_000)) + 1) };
}

/** "2025/26 week 33" — the UK way of naming a tax period. */
export function taxPeriodLabel(p: { taxYear: number | null; taxPeriod: number | null; payFrequency?: string | null }): string {
  if (p.taxYear === null) return '—';
  const year = `${p.taxYear}/${String((p.taxYear + 1) % 100).padStart(2, '0')}`;
  if (p.taxPeriod === null) return year;
  return `${year} ${p.payFrequency === 'MONTHLY' ? 'month' : 'week'} ${p.taxPeriod}`;
}

/** The UK tax period a date falls in for a pay frequency: weeks 1–53, fortnights 1–27, months 1–12 (month 1 from 6 April). */
export function ukTaxPeriod(isoDay: string, frequency: 'WEEKLY' | 'TWO_WEEKLY' | 'MONTHLY'): { taxYear: number; period: number } | null {
  const week = ukTaxWeek(isoDay);
  if (!week) return null;
  if (frequency === 'WEEKLY') return week;
  if (frequency === 'TWO_WEEKLY') return { taxYear: week.taxYear, period: Math.ceil(week.period / 2) };
  const month = Number(isoDay.slice(5, 7));
  const day = Number(isoDay.slice(8, 10));
  const months = (month - 4 + 12) % 12; // April → 0
  return { taxYear: week.taxYear, period: ((day >= 6 ? months : months - 1 + 12) % 12) + 1 };
}
