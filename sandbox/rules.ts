// The sandbox's own identifier rules and money arithmetic. Deliberately NOT the portal's (lib/): the sandbox
// stands in for a server we do not control, so a bug shared between the two could never show up in tests.
// Rules as published (HMRC, GOV.UK, ISO 13616, Revenue), see ../shared/nxsys-api.md.

const compact = (v: string) => v.replace(/\s+/g, '').toUpperCase();

export const validNino = (v: string) => /^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(compact(v));

export function validUkPostcode(v: string) {
  const c = compact(v);
  const spaced = c.length > 3 ? `${c.slice(0, -3)} ${c.slice(-3)}` : c;
  return /^((GIR 0A{2})|((([A-Z]\d{1,2})|(([A-Z][A-HJ-Y]\d{1,2})|(([A-Z]\d[A-Z])|([A-Z][A-HJ-Y]\d?[A-Z])))) \d[A-Z]{2}))$/.test(spaced);
}

export const validSortCode = (v: string) => /^\d{6}$/.test(v.replace(/[-\s]/g, ''));
export const validAccountNumber = (v: string) => /^\d{8}$/.test(v.replace(/\s/g, ''));
export const validEircode = (v: string) => /^(?:D6W|[AC-FHKNPRTV-Y]\d{2}) ?[0-9AC-FHKNPRTV-Y]{4}$/i.test(v.trim());
export const validBic = (v: string) => /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(compact(v));
export const validEmail = (v: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim());

export function validIban(v: string) {
  const c = compact(v);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(c)) return false;
  const moved = c.slice(4) + c.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const digits = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

const PPS_LETTERS = 'WABCDEFGHIJKLMNOPQRSTUV';
/** The PPS check letter for 7 digits (and an optional 9th letter A, B or H). */
export function ppsLetter(digits: string, ninth = '') {
  let sum = [...digits].reduce((s, d, i) => s + Number(d) * (8 - i), 0);
  const ninthValue = { A: 1, B: 2, H: 8 }[ninth as 'A' | 'B' | 'H'];
  if (ninthValue) sum += 9 * ninthValue;
  return PPS_LETTERS[sum % 23]!;
}
export function validPps(v: string) {
  const m = /^(\d{7})([A-W])([ABHWTX]?)$/.exec(compact(v));
  return !!m && ppsLetter(m[1]!, m[3]) === m[2];
}

// Money in integer cents (pence), via BigInt where a product is taken, rounding half up.

/** "12.5" × "7.25" → cents, exactly; null if either is not a non-negative decimal. */
export function productCents(a: string, b: string): number | null {
  const parse = (v: string) => {
    const m = /^(\d+)(?:\.(\d+))?$/.exec(v.trim());
    return m ? { n: BigInt(m[1]! + (m[2] ?? '')), scale: (m[2] ?? '').length } : null;
  };
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return null;
  const scale = x.scale + y.scale;
  const product = x.n * y.n;
  if (scale <= 2) return Number(product * 10n ** BigInt(2 - scale));
  const div = 10n ** BigInt(scale - 2);
  return Number(product / div + ((product % div) * 2n >= div ? 1n : 0n));
}

/** cents × percent (e.g. 20 or 12.07), half up, computed on integers (percent to 4 places). */
export function percentCents(cents: number, percent: number) {
  const p = BigInt(Math.round(percent * 10_000));
  const x = BigInt(cents) * p;
  const div = 1_000_000n;
  return Number(x / div + ((x % div) * 2n >= div ? 1n : 0n));
}

export const centsString = (c: number) =>
  `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;
export const centsNumber = (c: number) => Number(centsString(c));
