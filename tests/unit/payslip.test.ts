import { describe, expect, it } from 'vitest';
import { startOfWeek } from '@/lib/dashboard/server';
import { taxPeriodLabel } from '@/lib/tax-period';
import { payslipSchema } from '@/lib/payslips/schema';

describe('payslips from Nxsys', () => {
  it('reads money given as 2-decimal strings or numbers (the docs show both) as exact decimals', () => {
    const p = payslipSchema.parse({
      id: 'PL-1181439',
      taxPeriod: 52,
      taxYear: 2025,
      agencyName: 'A',
      subcontractorName: 'Leo Smith',
      timesheetValue: '6666.67',
      margin: 0,
      gross: '6651.67',
      materials: '0.00',
      net: 4321.1,
    });
    expect(p.figures).toMatchObject({
      timesheetValue: '6666.67',
      margin: '0.00',
      gross: '6651.67',
      materials: '0.00',
      net: '4321.10',
      tax: null,
    });
    expect(p.candidateName).toBe('Leo Smith');
  });

  it('finds the candidate under any of the documented reference shapes', () => {
    expect(payslipSchema.parse({ id: 'PL-1', subcontractorId: 'SR-1' }).candidateId).toBe('SR-1');
    expect(payslipSchema.parse({ id: 'PL-1', subcontractorRef: { id: 'SR-2', fullName: 'X' } }).candidateId).toBe('SR-2');
    expect(payslipSchema.parse({ id: 'PL-1', taxYear: '2026', taxPeriod: '7' })).toMatchObject({
      taxYear: 2026,
      taxPeriod: 7,
      candidateId: null,
    });
    expect(payslipSchema.safeParse({ id: 'TS-1' }).success).toBe(false);
  });

  it('names tax periods the UK way', () => {
    expect(taxPeriodLabel({ taxYear: 2026, taxPeriod: 33, payFrequency: 'WEEKLY' })).toBe('2026/27 week 33');
    expect(taxPeriodLabel({ taxYear: 2099, taxPeriod: 8, payFrequency: 'MONTHLY' })).toBe('2099/00 month 8');
    expect(taxPeriodLabel({ taxYear: null, taxPeriod: 3, payFrequency: null })).toBe('—');
  });

  it('counts the dashboard week from Monday', () => {
    expect(startOfWeek(new Date('2026-11-25T12:00:00Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z'); // a Wednesday
    expect(startOfWeek(new Date('2026-11-29T23:00:00Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z'); // Sunday
    expect(startOfWeek(new Date('2026-11-23T00:00:00Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z'); // Monday
  });
});
