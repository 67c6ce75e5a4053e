/**
 * Money as text: £/€ formatting of amounts as Nxsys sends them (2-decimal strings or numbers), currencies and VAT
 * rates, with no arithmetic library: a page that only shows money imports this file and loads no big.js.
 * lib/money.ts re-exports all of it with the pence arithmetic.
 */

/** "1234.5" / 1234.5 / "-20" → "£1,234.50" / "-£20.00", formatting the digits as given (never through floats). */
export function formatGbp(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(String(value).trim());
  if (!m) return String(value);
  const whole = m[2]!.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = m[1] === '-' && /[1-9]/.test(m[2]! + (m[3] ?? '').slice(0, 2)); // "-0.00" is just £0.00
  return `${negative ? '-' : ''}£${whole}.${(m[3] ?? '').padEnd(2, '0').slice(0, 2)}`;
}

/** "20%" → 20; anything unreadable → null. */
export function vatPercent(rate: string | null | undefined): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*%?$/.exec(String(rate ?? '').trim());
  return m ? Number(m[1]) : null;
}

export type Currency = 'GBP' | 'EUR';
/** A candidate's country → the currency of their money (UK: pounds, Ireland: euro); null when not known. */
export const currencyOf = (country: 'uk' | 'ie' | null | undefined): Currency | null =>
  country === 'uk' ? 'GBP' : country === 'ie' ? 'EUR' : null;

/** The currency our server attached to a list row (from its candidate's country); null when it could not tell. */
export function attachedCurrency(row: unknown): Currency | null {
  const c = (row as { currency?: unknown } | null)?.currency;
  return c === 'GBP' || c === 'EUR' ? c : null;
}

/**
 * "1234.5" → "£1,234.50" (GBP), "€1,234.50" (EUR), or "1,234.50" when the currency is not known: a currency is
 * never guessed.
 */
export function formatMoney(value: string | number | null | undefined, currency: Currency | null): string {
  const pounds = formatGbp(value);
  if (!pounds.includes('£')) return pounds;
  return pounds.replace('£', currency === 'GBP' ? '£' : currency === 'EUR' ? '€' : '');
}
