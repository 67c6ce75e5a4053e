/**
 * Money in integer pence, so that sums never drift (no floats anywhere a total is made). Shared by the
 * timesheet form (live totals), our routes, and the Nxsys sandbox. Nxsys shows timesheet totals as numbers
 * and payslip figures as 2-decimal strings.
 */

/** "12.345" / 12.345 → pence, rounding half up; null when not a non-negative decimal. */
export function toPence(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const frac = (m[2] ?? '').padEnd(3, '0');
  const pence = Number(m[1]) * 100 + Number(frac.slice(0, 2));
  return pence + (Number(frac[2]) >= 5 ? 1 : 0);
}

/** Exact decimal product of two decimal strings, rounded half up to pence. */
export function multiplyToPence(a: string, b: string): number | null {
  const parse = (v: string) => {
    const m = /^(\d+)(?:\.(\d+))?$/.exec(v.trim());
    return m ? { int: BigInt(m[1]! + (m[2] ?? '')), scale: (m[2] ?? '').length } : null;
  };
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return null;
  const product = x.int * y.int; // scale = x.scale + y.scale
  const scale = x.scale + y.scale;
  if (scale <= 2) return Number(product * 10n ** BigInt(2 - scale));
  const divisor = 10n ** BigInt(scale - 2);
  const q = product / divisor;
  const r = product % divisor;
  return Number(r * 2n >= divisor ? q + 1n : q);
}

/** pence × percentage (e.g. 20 for 20 %), half up. */
export const percentOf = (pence: number, percent: number) => Math.round((pence * percent) / 100 + 1e-9);

export const penceToString = (pence: number) => `${pence < 0 ? '-' : ''}${Math.floor(Math.abs(pence) / 100)}.${String(Math.abs(pence) % 100).padStart(2, '0')}`;
export const penceToNumber = (pence: number) => Number(penceToString(pence));

/** "1234.5" / 1234.5 → "£1,234.50", formatting the digits as given (never through float arithmetic). */
export function formatGbp(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(String(value).trim());
  if (!m) return String(value);
  const whole = m[2]!.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${m[1]}£${whole}.${(m[3] ?? '').padEnd(2, '0').slice(0, 2)}`;
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
  const net = lines.reduce((sum, l) => sum + (l?.netPence ?? 0), 0);
  const vat = lines.reduce((sum, l) => sum + (l?.vatPence ?? 0), 0);
  return { netPence: net, vatPence: vat, totalPence: net + vat };
}

/** "20%" → 20; anything unreadable → null. */
export function vatPercent(rate: string | null | undefined): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*%?$/.exec(String(rate ?? '').trim());
  return m ? Number(m[1]) : null;
}
