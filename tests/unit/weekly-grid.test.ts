// The weekly grid's arithmetic: hours per day added up exactly, the week's period and tax week; tax periods for
// the import's pay frequencies.
import { describe, expect, it } from 'vitest';
import { ukTaxPeriod } from '@/lib/tax-period';
import { farFromUsual, rowUnits, rosterSchema, weeklyGridSchema, weekToTimesheet } from '@/lib/timesheets/week';

const row = (hours: string[], rateId = 'PR-1') => ({ rateId, rate: '12.50', vatID: 'VC-2', hours });

describe('weekly grid', () => {
  it('adds the hours of a row exactly and makes one timesheet line per payment code', () => {
    expect(rowUnits({ hours: ['7.5', '7.5', '7.25', '', '0.1', '0.2', ''] })).toBe('22.55');
    // Exact, without floats or a decimal library: 0.1 + 0.2 is 0.3, trailing zeros go, what is not a number is left out.
    expect(rowUnits({ hours: ['0.1', '0.2'] })).toBe('0.3');
    expect(rowUnits({ hours: ['7.50', ' 8 ', 'x', '-1', ''] })).toBe('15.5');
    expect(rowUnits({ hours: ['', ''] })).toBe('0');
    expect(rowUnits({ hours: ['0.05', '0.05'] })).toBe('0.1');
    expect(rowUnits({ hours: ['12345678901234567890.5', '0.5'] })).toBe('12345678901234567891');
    const values = weeklyGridSchema.parse({
      subcontractorRef: 'SR-101000',
      weekStart: '2026-11-16',
      rows: [row(['8', '8', '8', '8', '8', '', '']), row(['', '', '', '', '', '6.5', '4'], 'PR-2')],
    });
    expect(weekToTimesheet(values)).toEqual({
      subcontractorRef: 'SR-101000',
      startDate: '2026-11-16',
      endDate: '2026-11-22',
      taxYear: 2026,
      taxPeriodConfig: 33,
      rates: [
        { rateId: 'PR-1', rate: '12.50', units: '40', vatID: 'VC-2' },
        { rateId: 'PR-2', rate: '12.50', units: '10.5', vatID: 'VC-2' },
      ],
    });
  });

  it('refuses a row without hours, hours over 24 and a missing candidate', () => {
    const result = weeklyGridSchema.safeParse({
      subcontractorRef: '',
      weekStart: '2026-11-16',
      rows: [row(['', '', '', '', '', '', '']), row(['25', '', '', '', '', '', ''])],
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['subcontractorRef', 'rows.0.hours.0', 'rows.1.hours.0']));
  });
});

describe('roster grid', () => {
  it('flags a rate more than 25% from the usual one, never a missing or unreadable one', () => {
    expect(farFromUsual('12.50', '12.50')).toBe(false);
    expect(farFromUsual('15.625', '12.50')).toBe(false); // exactly 25% more
    expect(farFromUsual('15.63', '12.50')).toBe(true);
    expect(farFromUsual('9.37', '12.50')).toBe(true);
    expect(farFromUsual('12.50', undefined)).toBe(false);
    expect(farFromUsual('abc', '12.50')).toBe(false);
    expect(farFromUsual('5', '0')).toBe(false);
  });

  it('takes each worker once, with at least one row each', () => {
    const worker = (id: string, rows = [row(['8', '', '', '', '', '', ''])]) => ({ subcontractorRef: id, rows });
    expect(rosterSchema.parse({ weekStart: '2026-11-16', workers: [worker('SR-1'), worker('SR-2')] }).workers[1]!.sendAnyway).toBe(false);
    expect(rosterSchema.safeParse({ weekStart: '2026-11-16', workers: [worker('SR-1'), worker('SR-1')] }).success).toBe(false);
    expect(rosterSchema.safeParse({ weekStart: '2026-11-16', workers: [worker('SR-1', [])] }).success).toBe(false);
    expect(rosterSchema.safeParse({ weekStart: '2026-11-16', workers: [] }).success).toBe(false);
  });
});

describe('tax periods by pay frequency', () => {
  it('weeks, fortnights and months of the UK tax year (from 6 April)', () => {
    expect(ukTaxPeriod('2026-04-06', 'WEEKLY')).toEqual({ taxYear: 2026, period: 1 });
    expect(ukTaxPeriod('2026-04-20', 'TWO_WEEKLY')).toEqual({ taxYear: 2026, period: 2 });
    expect(ukTaxPeriod('2026-05-05', 'MONTHLY')).toEqual({ taxYear: 2026, period: 1 });
    expect(ukTaxPeriod('2026-05-06', 'MONTHLY')).toEqual({ taxYear: 2026, period: 2 });
    expect(ukTaxPeriod('2027-04-05', 'MONTHLY')).toEqual({ taxYear: 2026, period: 12 });
    expect(ukTaxPeriod('2027-01-06', 'MONTHLY')).toEqual({ taxYear: 2026, period: 10 });
  });
});
