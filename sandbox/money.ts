// Money in integer pence, so that sums never drift. Nxsys shows timesheet totals as numbers and payslip
// figures as 2-decimal strings; both come from these pence.

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
