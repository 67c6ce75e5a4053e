/**
 * Money as exact decimals (big.js), carried as integer pence once rounded, so that sums never drift and
 * nothing goes through float arithmetic. Shared by the timesheet form (live totals), our routes, and the Nxsys
 * sandbox. Nxsys shows timesheet totals as numbers and payslip figures as 2-decimal strings, which may be
 * negative (a refund, a correction). The formatting (£/€, currencies, VAT rates) is in lib/money-format.ts,
 * re-exported here: a page that only shows money imports that file and loads no big.js.
 */
import Big from 'big.js';
import { formatMoney, type Currency } from './money-format';

export { attachedCurrency, currencyOf, formatGbp, formatMoney, vatPercent, type Currency } from './money-format';

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

/** Whether a decimal string lies within [0, max] (for field validation). */
export function withinBounds(value: string, max: string): boolean {
  const amount = parseDecimal(value);
  return !!amount && !isNegative(amount) && amount.lte(max);
}

/** One part of a multi-row total: a currency's sum, or one amount whose currency is not known (never added). */
export interface CurrencyTotal {
  currency: Currency | null;
  /** 2-decimal string */
  amount: string;
}

/**
 * A total over rows that may be in pounds and euro: one sum per currency (pounds first), never £ + €. An amount
 * whose currency is not known is added to neither and stays a part of its own; amounts Nxsys did not send are left out.
 */
export function totalsByCurrency(rows: { amount: unknown; currency: Currency | null }[]): CurrencyTotal[] {
  const sums = new Map<Currency, Decimal>();
  const unknown: CurrencyTotal[] = [];
  for (const { amount, currency } of rows) {
    const pence = toPence(amount);
    if (pence === null) continue;
    if (currency === null) unknown.push({ currency: null, amount: penceToString(pence) });
    else sums.set(currency, (sums.get(currency) ?? new D(0)).plus(pence));
  }
  const known = (['GBP', 'EUR'] as const).flatMap((c) =>
    sums.has(c) ? [{ currency: c, amount: penceToString(sums.get(c)!.toNumber()) }] : [],
  );
  return [...known, ...unknown];
}

/** "£1,200.00 · €576.00 · 30.00" (the last: an amount whose currency is not known, without a symbol); "—" when empty. */
export const formatTotals = (totals: CurrencyTotal[]) => totals.map((t) => formatMoney(t.amount, t.currency)).join(' · ') || '—';

/** The exact sum of amounts (2-decimal strings or numbers) as a 2-decimal string; null when any is not an amount. */
export function sumAmounts(values: unknown[]): string | null {
  let sum = new D(0);
  for (const value of values) {
    const pence = toPence(value);
    if (pence === null) return null;
    sum = sum.plus(pence);
  }
  return penceToString(sum.toNumber());
}
