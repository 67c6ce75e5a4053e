import { describe, expect, it } from 'vitest';
import { checkTotals } from '@/lib/timesheets/server';
import { ukTaxWeek } from '@/lib/tax-period';
import { editTimesheetSchema, lockedReason, newTimesheetSchema } from '@/lib/timesheets/schema';

const line = { rateId: 'PR-100', rate: '15.50', units: '10', vatID: 'VC-1' };
const sheet = {
  subcontractorRef: 'SR-101000',
  startDate: '2026-11-16',
  endDate: '2026-11-22',
  taxYear: '2026',
  taxPeriodConfig: '33',
  rates: [line],
};

function fieldErrors(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
}

describe('timesheet rules', () => {
  it('accepts a well-formed timesheet and coerces the tax year and period', () => {
    const parsed = newTimesheetSchema.parse(sheet);
    expect(parsed.taxYear).toBe(2026);
    expect(parsed.taxPeriodConfig).toBe(33);
  });

  it('refuses a period that ends before it starts, at the end date', () => {
    expect(fieldErrors(newTimesheetSchema.safeParse({ ...sheet, endDate: '2026-11-15' }))).toEqual({
      endDate: 'The period cannot end before it starts',
    });
    expect(newTimesheetSchema.safeParse({ ...sheet, endDate: '2026-11-16' }).success).toBe(true); // a one-day period
  });

  it('refuses negative or malformed units and rates at the line field', () => {
    const errors = fieldErrors(
      editTimesheetSchema.safeParse({ rates: [line, { ...line, units: '-2' }, { ...line, rate: '12,50' }, { ...line, rate: '1.23456' }] }),
    );
    expect(errors).toEqual({
      'rates.1.units': 'The units cannot be negative',
      'rates.2.rate': 'Enter the rate as a number, e.g. 12.50',
      'rates.3.rate': 'Enter the rate as a number, e.g. 12.50',
    });
    expect(fieldErrors(editTimesheetSchema.safeParse({ rates: [] }))).toEqual({ rates: 'Add at least one line' });
    expect(fieldErrors(editTimesheetSchema.safeParse({ rates: [{ ...line, rateId: '', vatID: 'S' }] }))).toEqual({
      'rates.0.rateId': 'Choose a payment rate',
      'rates.0.vatID': 'Choose a VAT code',
    });
  });

  it('refuses tax periods outside 1–53', () => {
    expect(fieldErrors(newTimesheetSchema.safeParse({ ...sheet, taxPeriodConfig: '54' }))).toEqual({
      taxPeriodConfig: 'Tax periods run from 1 to 53',
    });
    expect(fieldErrors(newTimesheetSchema.safeParse({ ...sheet, taxPeriodConfig: '0' }))).toEqual({
      taxPeriodConfig: 'Tax periods run from 1 to 53',
    });
  });

  it('works out the UK tax week from the period start (tax year from 6 April)', () => {
    expect(ukTaxWeek('2026-04-06')).toEqual({ taxYear: 2026, period: 1 });
    expect(ukTaxWeek('2026-04-05')).toEqual({ taxYear: 2025, period: 53 }); // HMRC's week 53: the year's last day
    expect(ukTaxWeek('2026-04-04')).toEqual({ taxYear: 2025, period: 52 });
    expect(ukTaxWeek('2026-04-12')).toEqual({ taxYear: 2026, period: 1 });
    expect(ukTaxWeek('2026-04-13')).toEqual({ taxYear: 2026, period: 2 });
    expect(ukTaxWeek('2026-11-16')).toEqual({ taxYear: 2026, period: 33 });
    expect(ukTaxWeek('2027-01-01')).toEqual({ taxYear: 2026, period: 39 });
    expect(ukTaxWeek('not a date')).toBeNull();
  });

  it('says why a timesheet can no longer be edited', () => {
    expect(lockedReason('PENDING_AGENCY_APPROVAL')).toBeNull();
    expect(lockedReason(undefined)).toBeNull();
    expect(lockedReason('APPROVED')).toBe('This timesheet is approved, so Nxsys no longer allows changes to it.');
    expect(lockedReason('REJECTED')).toMatch(/rejected/);
  });

  it('checks upstream totals against exact arithmetic, rounding VAT per line', () => {
    const rates = [
      { rate: '15.50', units: '10', VATRate: '20%' },
      { rate: '10.005', units: '2', VATRate: '20%' },
    ];
    expect(checkTotals({ rates, totalNet: 175.01, totalVat: '35.00', totalPrices: '210.01' })).toEqual({
      matches: true,
      ours: { net: '175.01', vat: '35.00', total: '210.01' },
    });
    // A float-summed upstream total one penny off is reported, not trusted.
    expect(checkTotals({ rates, totalNet: '175.01', totalVat: '35.00', totalPrices: '210.02' }).matches).toBe(false);
  });
});
