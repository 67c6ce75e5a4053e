// Pay-run data for the portal's payslip review (seeded on demand through /__sandbox routes): what goes wrong in
// a real payroll, made to order in one run. Only documented payslip and timesheet fields change.
import { HttpError } from './http';
import { centsString } from './rules';
import { issuePayslip, lineFor, weekEnd, weekStart } from './seed';
import type { Payslip, Store } from './store';

const cents = (amount: string) => Math.round(Number(amount) * 100);

/**
 * In one run of one company, three workers' payslips go wrong (in list order): the first one's timesheet value
 * is £10.00 more than its timesheet, the second one is paid twice (a second payslip, a new id), the third one's
 * payslip is gone (its approved timesheet is left unpaid). Answers which payslips and timesheet.
 */
export function makeRunDifferences(store: Store, input: { companyId: string; taxYear: number; taxPeriod: number }) {
  const data = store.company(input.companyId);
  const run = data.payslips.filter((p) => p.taxYear === input.taxYear && p.taxPeriod === input.taxPeriod);
  const workers = [...new Map(run.map((p) => [p.candidateId, p])).values()];
  if (workers.length < 3) throw new HttpError(422, 'invalid_request', 'That run has fewer than three workers');
  const [changed, paidTwice, unpaid] = workers as [Payslip, Payslip, Payslip];
  changed.timesheetValue = centsString(cents(changed.timesheetValue) + 10_00);
  const duplicate: Payslip = { ...paidTwice, ...store.nextId('PL', 1181000) };
  data.payslips.push(duplicate);
  data.payslips.splice(data.payslips.indexOf(unpaid), 1);
  return {
    valueDiffers: { payslipId: changed.id, name: changed.subcontractorName },
    duplicate: { payslipIds: [paidTwice.id, duplicate.id], name: paidTwice.subcontractorName },
    unpaid: { timesheetId: unpaid.timesheetId, name: unpaid.subcontractorName },
  };
}

/**
 * A run of `workers` new UK workers (each with one approved weekly timesheet and its payslip) in one period, for
 * measuring the review of a large run. Answers the run.
 */
export function makeLargeRun(store: Store, input: { companyId: string; workers: number; taxYear: number; taxPeriod: number }) {
  const data = store.company(input.companyId);
  const rate = data.paymentRates.find((r) => r.code === 'PR100') ?? data.paymentRates[0];
  if (!rate) throw new HttpError(422, 'invalid_request', 'That company has no payment rates');
  const now = new Date().toISOString();
  for (let i = 0; i < input.workers; i++) {
    const ids = store.nextId('SR', 101000);
    data.candidates.push({
      ...ids,
      systemId: `ST-${200000 + ids.incrementId}`,
      country: 'UK',
      status: 'ACTIVE',
      registrationStatus: 'REGISTRATION_COMPLETE',
      dateLeft: null,
      reason: null,
      generalSetting: { forename: 'Run', surname: `Worker ${ids.incrementId}`, payFrequency: 'WEEKLY' },
      bankSetting: {},
      payrollSetting: { paymentModel: 'UMBRELLA' },
      createdAt: now,
      updatedAt: now,
    });
    const timesheet = {
      ...store.nextId('TS'),
      candidateId: ids.id,
      assignmentRef: null,
      startDate: weekStart(input.taxPeriod),
      endDate: weekEnd(input.taxPeriod),
      taxYear: input.taxYear,
      taxPeriod: input.taxPeriod,
      taxPeriodConfig: input.taxPeriod,
      monthConfig: null,
      payFrequency: 'WEEKLY' as const,
      paymentModel: 'UMBRELLA' as const,
      approveStatus: 'APPROVED' as const,
      invoiceStatus: 'INVOICED',
      lines: [lineFor(store, rate, '18.50', String(30 + (i % 10)))],
      createdAt: now,
      updatedAt: now,
    };
    data.timesheets.push(timesheet);
    issuePayslip(store, input.companyId, timesheet);
  }
  return { taxYear: input.taxYear, taxPeriod: input.taxPeriod, workers: input.workers };
}
