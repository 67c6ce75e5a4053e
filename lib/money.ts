/**
 * Money as exact decimals (big.js), carried as integer pence once rounded, so that sums never drift and
 * nothing goes through float arithmetic. Shared by the timesheet form (live totals), our routes, and the Nxsys
 * sandbox. Nxsys shows timesheet totals as numbers and payslip figures as 2-decimal strings, which may be
 * negative (a refund, a correction).
 */
import Big from 'big.js';

/**
 * A private Big constructor: half-up rounding (ties away from zero), 40 decimal places for the one division
 * (by 100, so exact), never exponent notation in toString. Products and sums are exact in big.js.
 */
const D = Big();
D.DP = 40;
D.RM = Big.roundHalfUp;
D.NE = -40;
D.PE = 40;
type Decimal = InstanceType<typeof Big>;

/**
 * Largest amount the portal handles anywhere (£10 billion): far above any real payslip or timesheet, far
 * below where integer pence stop being exact in JavaScript numbers.
 */
export const MAX_AMOUNT = '10000000000';
/** Field bounds for a timesheet line (validated in lib/timesheets/schema.ts, for form and route alike). */
export const MAX_RATE = '100000';
export const MAX_UNITS = '10000';

const DECIMAL_TEXT = /^[-+]?\d+(?:\.\d+)?$/;

function parseDecimal(value: unknown): Decimal | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : '';
  if (!DECIMAL_TEXT.test(text)) return null;
  const amount = new D(text.replace(/^\+/, '')); // big.js reads no leading "+"
  return amount.abs().lte(MAX_AMOUNT) ? amount : null;
}

const toWholePence = (amount: Decimal) => amount.times(100).round(0, Big.roundHalfUp).toNumber();
/** Negative, "-0" included (a sign typed before a zero is still a sign). */
const isNegative = (amount: Decimal) => amount.s === -1;
const isZero = (amount: Decimal) => amount.eq(0);

/** "12.345" / 12.345 / "-20.00" → pence, rounding half up (away from zero); null when not a decimal within bounds. */
export function toPence(value: unknown): number | null {
  const amount = parseDecimal(value);
  return amount ? toWholePence(amount) : null;
}

/** Exact product of two non-negative decimal strings, rounded half up to pence; null otherwise. */
export function multiplyToPence(a: string, b: string): number | null {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!x || !y || isNegative(x) || isNegative(y) || (isZero(x) && a.trim().startsWith('-')) || (isZero(y) && b.trim().startsWith('-')))
    return null;
  const product = x.times(y);
  return product.lte(MAX_AMOUNT) ? toWholePence(product) : null;
}

/** pence × percentage (e.g. 20 for 20 %), half up. */
export const percentOf = (pence: number, percent: number) =>
  new D(pence).times(new D(percent)).div(100).round(0, Big.roundHalfUp).toNumber();

export const penceToString = (pence: number) => new D(pence).div(100).toFixed(2);
export const penceToNumber = (pence: number) => Number(penceToString(pence));

/** "1234.5" / 1234.5 / "-20" → "£1,234.50" / "-£20.00", formatting the digits as given (never through floats). */
export function formatGbp(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(String(value).trim());
  if (!m) return String(value);
  const whole = m[2]!.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = m[1] === '-' && /[1-9]/.test(m[2]! + (m[3] ?? '').slice(0, 2)); // "-0.00" is just £0.00
  return `${negative ? '-' : ''}£${whole}.${(m[3] ?? '').padEnd(2, '0').slice(0, 2)}`;
}

export interface LineAmounts {
  netPence: number;
  vatPence: number;
}

/** One timesheet line: net = rate × units (exact, half up to pence), VAT on the line's net. */
export function lineAmounts(rate: string, units: string, vatPercent: number): LineAmounts | null {
  const net = multiplyToPence(rate, units);
  if (net === null) return null;
  return { netPence: net, vatPence: percentOf(net, vatPercent) };
}

export function sheetTotals(lines: (LineAmounts | null)[]) {
  const net = lines.reduce((sum, l) => sum.plus(l?.netPence ?? 0), new D(0)).toNumber();
  const vat = lines.reduce((sum, l) => sum.plus(l?.vatPence ?? 0), new D(0)).toNumber();
  return { netPence: net, vatPence: vat, totalPence: new D(net).plus(vat).toNumber() };
}

/** "20%" → 20; anything unreadable → null. */
export function vatPercent(rate: string | null | undefined): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*%?$/.exec(String(rate ?? '').trim());
  return m ? Number(m[1]) : null;
}

/** Whether a decimal string lies within [0, max] (for field validation). */
export function withinBounds(value: string, max: string): boolean {
  const amount = parseDecimal(value);
  return !!amount && !isNegative(amount) && amount.lte(max);
}

export type Currency = 'GBP' | 'EUR';
/** A candidate's country → the currency of their money (UK: pounds, Ireland: euro); null when not known. */
export const currencyOf = (country: 'uk' | 'ie' | null | undefined): Currency | null =>
  country === 'uk' ? 'GBP' : country === 'ie' ? 'EUR' : null;

/**
 * "1234.5" → "£1,234.50" (GBP), "€1,234.50" (EUR), or "1,234.50" when the currency is not known: a currency is
 * never guessed.
 */
/** The currency our server attached to a list row (from its candidate's country); null when it could not tell. */
export function attachedCurrency(row: unknown): Currency | null {
  const c = (row as { currency?: unknown } | null)?.currency;
  return c === 'GBP' || c === 'EUR' ? c : null;
}

export function formatMoney(value: string | number | null | undefined, currency: Currency | null): string {
  const pounds = formatGbp(value);
  if (!pounds.includes('£')) return pounds;
  return pounds.replace('£', currency === 'GBP' ? '£' : currency === 'EUR' ? '€' : '');
}
