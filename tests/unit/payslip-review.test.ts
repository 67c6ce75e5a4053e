import { describe, expect, it } from 'vitest';
import { sumAmounts } from '@/lib/money';
import { matchPayslip, reviewRun, runsOf, summariseRuns, type People, type ReviewData } from '@/lib/payslips/review';
import { payslipSchema, reviewTimesheetSchema } from '@/lib/payslips/schema';

const people: People = {
  byId: new Map([
    ['SR-1', { name: 'Ann Lee', country: 'uk' as const }],
    ['SR-2', { name: 'Bob Ray', country: 'uk' as const }],
    ['SR-3', { name: 'Cara Nolan', country: 'ie' as const }],
    ['SR-4', { name: 'Sam Hill', country: 'uk' as const }],
    ['SR-5', { name: 'Sam Hill', country: 'ie' as const }],
  ]),
  idsByName: new Map([
    ['ann lee', ['SR-1']],
    ['bob ray', ['SR-2']],
    ['cara nolan', ['SR-3']],
    ['sam hill', ['SR-4', 'SR-5']],
  ]),
};

let n = 100;
const payslip = (name: string, period: number, timesheetValue: string, extra: Record<string, unknown> = {}) =>
  payslipSchema.parse({
    id: `PL-${n++}`,
    taxYear: 2026,
    taxPeriod: period,
    subcontractorName: name,
    timesheetValue,
    margin: '20.00',
    gross: '100.00',
    ...extra,
  });
const sheet = (candidate: string, period: number, totalNet: number | string, approveStatus = 'APPROVED') =>
  reviewTimesheetSchema.parse({
    id: `TS-${n++}`,
    subcontractorRef: { id: candidate },
    taxYear: 2026,
    taxPeriod: period,
    totalNet,
    approveStatus,
  });

describe('matching a payslip to its candidate', () => {
  it('uses the candidate id when Nxsys sends one, whatever the name', () => {
    expect(matchPayslip({ candidateId: 'SR-9', candidateName: 'Ann Lee' }, people)).toEqual({ how: 'id', candidateId: 'SR-9' });
  });
  it('else a name that belongs to one candidate, ignoring case and spacing', () => {
    expect(matchPayslip({ candidateId: null, candidateName: '  ann   LEE ' }, people)).toEqual({ how: 'name', candidateId: 'SR-1' });
  });
  it('never matches a name two candidates share, nor a name nobody has', () => {
    expect(matchPayslip({ candidateId: null, candidateName: 'Sam Hill' }, people)).toEqual({
      how: 'ambiguous',
      candidateIds: ['SR-4', 'SR-5'],
    });
    expect(matchPayslip({ candidateId: null, candidateName: 'Zed Zee' }, people)).toEqual({ how: 'none' });
    expect(matchPayslip({ candidateId: null, candidateName: null }, people)).toEqual({ how: 'none' });
  });
});

describe('reviewing a run', () => {
  it('calls out each difference, with the currency of each row', () => {
    const data: ReviewData = {
      people,
      payslips: [
        payslip('Ann Lee', 10, '500.00'),
        payslip('Ann Lee', 11, '500.00'),
        payslip('Bob Ray', 11, '410.00'), // timesheets total 400.00
        payslip('Cara Nolan', 11, '300.00', { margin: '25.00' }), // 20.00 the week before
        payslip('Cara Nolan', 10, '300.00'),
        payslip('Sam Hill', 11, '100.00'), // ambiguous: never matched
        payslip('Ann Lee', 11, '500.00'), // Ann twice in run 11
      ],
      timesheets: [
        sheet('SR-1', 11, 500),
        sheet('SR-2', 11, '250.00'),
        sheet('SR-2', 11, 150),
        sheet('SR-3', 11, 300),
        sheet('SR-4', 11, 100), // Sam Hill (UK): approved, no payslip tied to him
        sheet('SR-5', 11, 90, 'PENDING_AGENCY_APPROVAL'), // not approved yet: not a difference
        sheet('SR-2', 10, 999), // another period
        sheet('SR-1', 11, 70, 'PENDING_AGENCY_APPROVAL'), // Ann's extra hours, not approved yet: not in her total
      ],
    };
    const review = reviewRun(data, { taxYear: 2026, taxPeriod: 11, payFrequency: null });
    expect(review.rows).toHaveLength(5);
    const kinds = review.differences.map((d) => d.kind).sort();
    expect(kinds).toEqual(['ambiguous', 'duplicate', 'margin', 'unpaid', 'value']);
    const value = review.differences.find((d) => d.kind === 'value')!;
    expect(value.text).toBe('Timesheet value £410.00 on the payslip; the timesheets total £400.00 (difference £10.00).');
    expect(value.timesheetIds).toHaveLength(2);
    const margin = review.differences.find((d) => d.kind === 'margin')!;
    expect(margin.currency).toBe('EUR');
    expect(margin.text).toMatch(/^Margin €25\.00; €20\.00 in the previous run \(PL-\d+\)\.$/);
    const duplicate = review.differences.find((d) => d.kind === 'duplicate')!;
    expect(duplicate.payslipIds).toHaveLength(2);
    // One difference, shown on both of Ann's rows.
    expect(review.rows.filter((r) => r.differences.includes(duplicate))).toHaveLength(2);
    expect(review.unpaid.map((u) => u.timesheet.candidateId)).toEqual(['SR-4']);
    expect(review.awaitingApproval.map((t) => t.candidateId)).toEqual(['SR-5', 'SR-1']);
    expect(review.rows.find((r) => r.candidateId === 'SR-1')!.timesheetsTotal).toBe('500.00');
    const ambiguous = review.rows.find((r) => r.match.how === 'ambiguous')!;
    expect(ambiguous.currency).toBeNull(); // an unmatched row has no currency: never guessed
    expect(ambiguous.timesheets).toEqual([]);
    // Totals per currency: £ and € never added, the unmatched row's amount apart without a symbol.
    expect(review.totals.timesheetValue).toEqual([
      { currency: 'GBP', amount: '1410.00' },
      { currency: 'EUR', amount: '300.00' },
      { currency: null, amount: '100.00' },
    ]);
  });

  it('finds nothing to say about a clean run, and a changed figure is a new difference', () => {
    const data: ReviewData = { people, payslips: [payslip('Bob Ray', 5, '400.00')], timesheets: [sheet('SR-2', 5, '400')] };
    const run = { taxYear: 2026, taxPeriod: 5, payFrequency: null };
    expect(reviewRun(data, run).differences).toEqual([]);
    const changed = { ...data, payslips: [payslip('Bob Ray', 5, '400.01')] };
    expect(reviewRun(changed, run).differences.map((d) => d.key)).toEqual([expect.stringMatching(/^value:PL-\d+:400\.01:400\.00$/)]);
  });

  it('lists runs newest first with their counts and differences', () => {
    const data: ReviewData = {
      people,
      payslips: [payslip('Bob Ray', 3, '1.00'), payslip('Bob Ray', 52, '1.00', { taxYear: 2025 }), payslip('Bob Ray', 4, '1.00')],
      timesheets: [sheet('SR-2', 4, 1)],
    };
    expect(runsOf(data.payslips).map((r) => `${r.taxYear}/${r.taxPeriod}`)).toEqual(['2026/4', '2026/3', '2025/52']);
    const runs = summariseRuns(data);
    expect(runs.map((r) => r.differenceKeys.length)).toEqual([0, 1, 1]);
    expect(runs[0]!.count).toBe(1);
  });

  it('adds amounts exactly', () => {
    expect(sumAmounts(['0.10', '0.20', 1])).toBe('1.30');
    expect(sumAmounts(['1.00', 'x'])).toBeNull();
  });
});
