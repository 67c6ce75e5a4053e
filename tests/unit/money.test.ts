import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  formatGbp,
  formatTotals,
  lineAmounts,
  multiplyToPence,
  penceToString,
  percentOf,
  sheetTotals,
  toPence,
  totalsByCurrency,
  vatPercent,
  withinBounds,
} from '@/lib/money';

describe('money in pence', () => {
  it('multiplies decimals exactly, rounding half up to pence', () => {
    expect(multiplyToPence('100', '10')).toBe(100000);
    expect(multiplyToPence('10.005', '1')).toBe(1001); // half up
    expect(multiplyToPence('10.004', '1')).toBe(1000);
    expect(multiplyToPence('0.1', '3')).toBe(30); // where 0.1 * 3 in floats is 0.30000000000000004
    expect(multiplyToPence('17.50', '37.5')).toBe(65625);
    expect(multiplyToPence('1.15', '0.5')).toBe(58); // 0.575 → 0.58
    expect(multiplyToPence('-1', '2')).toBeNull();
    expect(multiplyToPence('abc', '2')).toBeNull();
  });

  it('takes VAT per line and sums lines without drift', () => {
    expect(percentOf(1001, 20)).toBe(200); // 200.2 → 200
    expect(percentOf(1003, 20)).toBe(201); // 200.6 → 201
    expect(percentOf(1000, 5)).toBe(50);
    const lines = [lineAmounts('100', '10', 20), lineAmounts('10.005', '1', 20), lineAmounts('0.1', '3', 0)];
    expect(sheetTotals(lines)).toEqual({ netPence: 101031, vatPence: 20200, totalPence: 121231 });
    expect(penceToString(121231)).toBe('1212.31');
  });

  it('reads and formats amounts as given', () => {
    expect(toPence('12.345')).toBe(1235);
    expect(toPence(12.3)).toBe(1230);
    expect(formatGbp('6666.67')).toBe('£6,666.67');
    expect(formatGbp('1234.5')).toBe('£1,234.50');
    expect(formatGbp(0)).toBe('£0.00');
    expect(formatGbp('-20.00')).toBe('-£20.00');
    expect(formatGbp(null)).toBe('—');
    expect(vatPercent('20%')).toBe(20);
    expect(vatPercent('5')).toBe(5);
    expect(vatPercent('n/a')).toBeNull();
  });

  it('rounds ties half up, away from zero, at every size', () => {
    expect(toPence('0.005')).toBe(1);
    expect(toPence('0.004999')).toBe(0);
    expect(toPence('-0.005')).toBe(-1); // away from zero, not towards +∞
    expect(toPence('-12.345')).toBe(-1235);
    expect(toPence('-12.344')).toBe(-1234);
    expect(toPence('2.675')).toBe(268); // 2.675 in floats is 2.67499999…
    expect(toPence('+1.5')).toBe(150);
    expect(toPence('12.3456789012345678901234567890123456789')).toBe(1235);
    expect(toPence('0.0049999999999999999999999999999')).toBe(0);
    expect(toPence('10000000000')).toBe(1_000_000_000_000);
    expect(toPence('10000000000.01')).toBeNull(); // over MAX_AMOUNT
    expect(multiplyToPence('0.333333333333333333333', '3')).toBe(100);
    expect(multiplyToPence('99999.995', '1')).toBe(10000000);
    expect(multiplyToPence('-0', '2')).toBeNull();
    expect(withinBounds('-0.00', '100')).toBe(false); // a typed minus is refused even on zero
    expect(withinBounds('100.00', '100')).toBe(true);
    expect(withinBounds('100.001', '100')).toBe(false);
    expect(percentOf(-1003, 20)).toBe(-201); // a credit line's VAT rounds like a debit's
    expect(percentOf(1025, 13.5)).toBe(138); // 138.375 → 138
    expect(percentOf(1030, 12.5)).toBe(129); // 128.75 → 129
    expect(penceToString(-1)).toBe('-0.01');
    expect(penceToString(0)).toBe('0.00');
  });

  it('takes VAT on each line, not on the sheet total', () => {
    // 3 lines of 0.025 net (→ 3p each), VAT 20 % of 3p = 0.6 → 1p per line: 3p VAT, where 20 % of 9p would be 2p
    const lines = [lineAmounts('0.025', '1', 20), lineAmounts('0.025', '1', 20), lineAmounts('0.025', '1', 20)];
    expect(lines[0]).toEqual({ netPence: 3, vatPence: 1 });
    expect(sheetTotals(lines)).toEqual({ netPence: 9, vatPence: 3, totalPence: 12 });
    expect(lineAmounts('17.333', '7.5', 20)).toEqual({ netPence: 13000, vatPence: 2600 }); // 129.9975 → 130.00
    expect(lineAmounts('abc', '1', 20)).toBeNull();
    expect(sheetTotals([null, lineAmounts('1', '1', 0)])).toEqual({ netPence: 100, vatPence: 0, totalPence: 100 });
  });

  it('formats without the arithmetic library (pages that only show money load no big.js)', () => {
    expect(readFileSync('lib/money-format.ts', 'utf8')).not.toMatch(/^import /m);
  });
});

describe('totals over rows in pounds and euro', () => {
  it('sums each currency apart, never £ + €, pounds first', () => {
    const totals = totalsByCurrency([
      { amount: '576.00', currency: 'EUR' },
      { amount: '1000.10', currency: 'GBP' },
      { amount: 199.9, currency: 'GBP' },
      { amount: '-20.00', currency: 'EUR' },
    ]);
    expect(totals).toEqual([
      { currency: 'GBP', amount: '1200.00' },
      { currency: 'EUR', amount: '556.00' },
    ]);
    expect(formatTotals(totals)).toBe('£1,200.00 · €556.00');
  });

  it('adds an amount of unknown currency to neither: it stays apart, without a symbol; amounts not sent are left out', () => {
    const totals = totalsByCurrency([
      { amount: '10.00', currency: 'GBP' },
      { amount: '30.00', currency: null },
      { amount: '5.00', currency: null },
      { amount: null, currency: 'EUR' },
      { amount: 'n/a', currency: 'GBP' },
    ]);
    expect(formatTotals(totals)).toBe('£10.00 · 30.00 · 5.00');
    expect(
      formatTotals(
        totalsByCurrency([
          { amount: '0.1', currency: 'EUR' },
          { amount: '0.2', currency: 'EUR' },
        ]),
      ),
    ).toBe('€0.30');
    expect(formatTotals(totalsByCurrency([]))).toBe('—');
  });
});
