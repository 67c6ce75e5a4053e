import { describe, expect, it } from 'vitest';
import { formatGbp, lineAmounts, multiplyToPence, penceToString, percentOf, sheetTotals, toPence, vatPercent } from '@/lib/money';

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
});
