/**
 * Validators for the UK and Irish identifiers candidates carry, from the public standards
 * (../shared/nxsys-api.md, "Validation rules for identifiers"). Pure functions, shared by forms, routes
 * and the Nxsys sandbox.
 */

export const normaliseNino = (value: string) => value.replace(/\s+/g, '').toUpperCase();
/** HMRC NIM39110: no BG/GB/KN/NK/NT/TN/ZZ prefixes, D/F/I/Q/U/V never, O not second, suffix A–D. */
export const isValidNino = (value: string) =>
  /^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(normaliseNino(value));

export function normaliseUkPostcode(value: string): string {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}
const UK_POSTCODE = /^((GIR 0A{2})|((([A-Z]\d{1,2})|(([A-Z][A-HJ-Y]\d{1,2})|(([A-Z]\d[A-Z])|([A-Z][A-HJ-Y]\d?[A-Z])))) \d[A-Z]{2}))$/;
export const isValidUkPostcode = (value: string) => UK_POSTCODE.test(normaliseUkPostcode(value));

export const normaliseSortCode = (value: string) => value.replace(/[-\s]/g, '');
export const isValidSortCode = (value: string) => /^\d{6}$/.test(normaliseSortCode(value));
export const formatSortCode = (value: string) => normaliseSortCode(value).replace(/^(\d{2})(\d{2})(\d{2})$/, '$1-$2-$3');
export const isValidUkAccountNumber = (value: string) => /^\d{8}$/.test(value.replace(/\s+/g, ''));

export const normaliseIban = (value: string) => value.replace(/\s+/g, '').toUpperCase();
/** ISO 13616 mod 97-10, with the country lengths we deal with (GB and IE: 22). */
export function isValidIban(value: string): boolean {
  const iban = normaliseIban(value);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const lengths: Record<string, number> = { GB: 22, IE: 22 };
  const expected = lengths[iban.slice(0, 2)];
  if (expected && iban.length !== expected) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const digits = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

export const isValidBic = (value: string) => /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(value.replace(/\s+/g, '').toUpperCase());

export const normalisePps = (value: string) => value.replace(/\s+/g, '').toUpperCase();
const PPS_LETTERS = 'WABCDEFGHIJKLMNOPQRSTUV';
/** The check letter for the 7 digits (and optional second letter) of a PPS number. */
export function ppsCheckLetter(digits: string, secondLetter = ''): string {
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(digits[i]) * (8 - i);
  const extra: Record<string, number> = { A: 1, B: 2, H: 8 };
  if (secondLetter in extra) sum += 9 * extra[secondLetter]!;
  return PPS_LETTERS[sum % 23]!;
}
export function isValidPps(value: string): boolean {
  const pps = normalisePps(value);
  const match = /^(\d{7})([A-W])([ABHWTX]?)$/.exec(pps);
  if (!match) return false;
  return ppsCheckLetter(match[1]!, match[3]) === match[2];
}

export const normaliseEircode = (value: string) => {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  return compact.length === 7 ? `${compact.slice(0, 3)} ${compact.slice(3)}` : compact;
};
export const isValidEircode = (value: string) => /^(?:D6W|[AC-FHKNPRTV-Y]\d{2}) ?[0-9AC-FHKNPRTV-Y]{4}$/i.test(value.trim());

export const isValidEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(value.trim());
/** UK and Irish mobiles, with or without the country prefix. */
export const isValidMobile = (value: string) => /^((\+447|07)\d{9}|(\+3538|08)\d{8})$/.test(value.replace(/[\s-]/g, ''));
