import { describe, expect, it } from 'vitest';
import { isIsoDate, isoToUkInput, parseUkDate, ukDate, ukDateTime, ukNumericDateTime } from '@/lib/dates';
import { currencyOf, formatMoney } from '@/lib/money';
import { countryOfPayee, type CandidateCountries } from '@/lib/candidates/server';

describe('UK dates', () => {
  it('reads what people type day first, whatever the browser language', () => {
    expect(parseUkDate('16/11/2026')).toBe('2026-11-16');
    expect(parseUkDate('2/3/2026')).toBe('2026-03-02'); // 2 March, never 3 February
    expect(parseUkDate('02-03-26')).toBe('2026-03-02');
    expect(parseUkDate('24.11.2026')).toBe('2026-11-24');
    expect(parseUkDate('2026-11-24')).toBe('2026-11-24');
    expect(parseUkDate('31/02/2026')).toBeNull(); // no such day
    expect(parseUkDate('11/16/2026')).toBeNull(); // a US date is not silently accepted
    expect(parseUkDate('')).toBeNull();
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
  });

  it('writes dd/mm/yyyy and "27 Nov 2026, 08:32" in UK time', () => {
    expect(isoToUkInput('2026-11-16')).toBe('16/11/2026');
    expect(isoToUkInput('16/1')).toBe('16/1'); // half typed: as it is
    expect(ukDate('2026-11-24T10:00:00.000Z')).toBe('24/11/2026');
    expect(ukDateTime(new Date('2026-11-27T08:32:00Z'))).toBe('27 Nov 2026, 08:32'); // GMT
    expect(ukDateTime('2026-07-01T08:05:00Z')).toBe('1 Jul 2026, 09:05'); // BST
    expect(ukDateTime(null)).toBe('—');
    // dd/mm/yyyy HH:mm in UK time (invitation expiry), whatever the process's time zone.
    expect(ukNumericDateTime('2026-12-04T08:05:00Z')).toBe('04/12/2026 08:05'); // GMT
    expect(ukNumericDateTime('2026-07-01T23:30:00Z')).toBe('02/07/2026 00:30'); // BST: the next day in London
    expect(ukNumericDateTime(null)).toBe('—');
  });
});

describe('currency', () => {
  it('shows euro for Irish candidates, pounds for UK ones, and no symbol when not known', () => {
    expect(formatMoney('1234.5', 'EUR')).toBe('€1,234.50');
    expect(formatMoney('-20', 'GBP')).toBe('-£20.00');
    expect(formatMoney('1234.5', null)).toBe('1,234.50');
    expect(formatMoney(null, 'EUR')).toBe('—');
    expect(currencyOf('ie')).toBe('EUR');
    expect(currencyOf(null)).toBeNull();
  });

  it('tells a payslip’s candidate’s country by id, else by a name found in one list only, never by a guess', () => {
    const countries: CandidateCountries = {
      byId: new Map([
        ['SR-1', 'uk'],
        ['SR-2', 'ie'],
      ]),
      byName: new Map([
        ['aoife murphy', new Set(['ie' as const])],
        ['tom baker', new Set(['uk' as const])],
        ['sam kelly', new Set(['uk' as const, 'ie' as const])],
      ]),
      nameById: new Map(),
      complete: true,
    };
    expect(countryOfPayee(countries, { candidateId: 'SR-2', candidateName: 'Tom Baker' })).toBe('ie');
    expect(countryOfPayee(countries, { candidateId: null, candidateName: ' Aoife  Murphy ' })).toBe('ie');
    expect(countryOfPayee(countries, { candidateId: null, candidateName: 'Tom Baker' })).toBe('uk');
    expect(countryOfPayee(countries, { candidateId: null, candidateName: 'Sam Kelly' })).toBeNull(); // in both lists
    expect(countryOfPayee(countries, { candidateId: null, candidateName: 'Nobody' })).toBeNull();
    expect(countryOfPayee({ ...countries, complete: false }, { candidateId: null, candidateName: 'Aoife Murphy' })).toBeNull();
  });
});
