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
