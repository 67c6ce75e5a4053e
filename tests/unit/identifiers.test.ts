import { describe, expect, it } from 'vitest';
import {
  formatSortCode,
  isValidBic,
  isValidEircode,
  isValidIban,
  isValidMobile,
  isValidNino,
  isValidPps,
  isValidSortCode,
  isValidUkAccountNumber,
  isValidUkPostcode,
  normaliseUkPostcode,
  ppsCheckLetter,
} from '@/lib/validations/identifiers';

describe('UK National Insurance number (HMRC NIM39110)', () => {
  it.each(['AB123456C', 'ab 12 34 56 c', 'JG103759A', 'CE123456D'])('accepts %s', (v) => expect(isValidNino(v)).toBe(true));
  it.each([
    ['QQ123456C', 'Q is never a first letter (the docs’ example)'],
    ['BG123456A', 'BG prefix is not allocated'],
    ['GB123456A', 'GB prefix is not allocated'],
    ['AO123456A', 'O is never a second letter'],
    ['AB123456E', 'suffix must be A–D'],
    ['AB12345C', 'six digits'],
    ['DA123456A', 'D is never a first letter'],
  ])('rejects %s (%s)', (v) => expect(isValidNino(v)).toBe(false));
});

describe('UK postcode', () => {
  it.each(['SW1A 1AA', 'sw1a1aa', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'GIR 0AA', 'EC1A 1BB'])('accepts %s', (v) =>
    expect(isValidUkPostcode(v)).toBe(true),
  );
  it.each(['NOT A CODE', 'SW1A', '12345', '1A1 1AA', 'SW1A 1A'])('rejects %s', (v) => expect(isValidUkPostcode(v)).toBe(false));
  it('normalises spacing and case', () => expect(normaliseUkPostcode(' sw1a1aa ')).toBe('SW1A 1AA'));
});

describe('sort code and account number', () => {
  it('takes a sort code with or without dashes or spaces', () => {
    for (const v of ['123456', '12-34-56', '12 34 56']) expect(isValidSortCode(v)).toBe(true);
    for (const v of ['12345', '12-34-5a', '1234567']) expect(isValidSortCode(v)).toBe(false);
    expect(formatSortCode('123456')).toBe('12-34-56');
  });
  it('wants exactly 8 digits for the account number', () => {
    expect(isValidUkAccountNumber('12345678')).toBe(true);
    expect(isValidUkAccountNumber('1234567')).toBe(false);
    expect(isValidUkAccountNumber('1234567a')).toBe(false);
  });
});

describe('IBAN (ISO 13616 mod 97)', () => {
  it.each(['GB29NWBK60161331926819', 'IE29AIBK93115212345678', 'ie29 aibk 9311 5212 3456 78', 'DE89370400440532013000'])(
    'accepts %s',
    (v) => expect(isValidIban(v)).toBe(true),
  );
  it.each([
    ['IE29AIBK93115212345679', 'check digits do not match'],
    ['GB29NWBK6016133192681', 'a GB IBAN is 22 characters'],
    ['IE00AIBK93115212345678', 'wrong check digits'],
    ['XX', 'too short'],
  ])('rejects %s (%s)', (v) => expect(isValidIban(v)).toBe(false));
});

describe('BIC', () => {
  it('accepts 8 and 11 character codes', () => {
    expect(isValidBic('BOFIIE2D')).toBe(true);
    expect(isValidBic('AIBKIE2DXXX')).toBe(true);
    expect(isValidBic('BOFI IE2D')).toBe(true);
    expect(isValidBic('BOF1IE2D')).toBe(false);
    expect(isValidBic('BOFIIE2DX')).toBe(false);
  });
});

describe('Irish PPS number', () => {
  it.each(['6433435F', '6433435FW', '6433435OA', '6433435IH', '6433435f'])('accepts %s', (v) => expect(isValidPps(v)).toBe(true));
  it.each([
    ['6433435E', 'wrong check letter'],
    ['6433435FA', 'second letter A changes the check letter'],
    ['643343F', 'seven digits needed'],
    ['6433435Z', 'Z is not a check letter'],
  ])('rejects %s (%s)', (v) => expect(isValidPps(v)).toBe(false));
  it('computes the check letter', () => expect(ppsCheckLetter('6433435')).toBe('F'));
});

describe('Eircode', () => {
  it.each(['D02 Y006', 'A65 F4E2', 'd02y006', 'D6W 1234'])('accepts %s', (v) => expect(isValidEircode(v)).toBe(true));
  it.each(['ZZ1', 'B02 Y006', 'D02 Y00', 'D02 YB06'])('rejects %s', (v) => expect(isValidEircode(v)).toBe(false));
});

describe('mobile numbers', () => {
  it('accepts UK and Irish mobiles', () => {
    for (const v of ['07700 900123', '+44 7700 900123', '083 123 4567', '+353 83 123 4567']) expect(isValidMobile(v)).toBe(true);
    for (const v of ['020 7946 0000', '12345', '']) expect(isValidMobile(v)).toBe(false);
  });
});
