import { z } from 'zod';
import { penceToString, toPence } from '@/lib/money';
import { idPattern } from '@/lib/ids';

/**
 * A Nxsys payslip as the portal shows it. The docs give money as 2-decimal strings ("6666.67") but their own
 * example has `margin: 0`, so both are read, and kept as exact decimal strings (never floats).
 */
const money = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => {
    const pence = toPence(v);
    return pence === null ? null : penceToString(pence);
  });

const ref = z
  .union([z.string(), z.object({ id: z.string() }).loose()])
  .nullish()
  .transform((v) => (typeof v === 'string' ? v : (v?.id ?? null)));

/** The breakdown, in the order a payslip reads: what the agency paid, what it cost to employ, pay, deductions, net. */
export const PAYSLIP_BREAKDOWN = [
  {
    title: 'Timesheet',
    rows: [
      ['timesheetValue', 'Timesheet value'],
      ['margin', 'Umbrella margin'],
    ],
  },
  {
    title: 'Employer costs',
    rows: [
      ['employerNI', "Employer's National Insurance"],
      ['apprenticeshipLevy', 'Apprenticeship levy'],
      ['employerPension', "Employer's pension"],
    ],
  },
  {
    title: 'Pay',
    rows: [
      ['basicPay', 'Basic pay'],
      ['holidayPay', 'Holiday pay'],
      ['gross', 'Gross pay'],
    ],
  },
  {
    title: 'Deductions',
    rows: [
      ['tax', 'Income tax'],
      ['employeeNI', "Employee's National Insurance"],
      ['employeePension', "Employee's pension"],
      ['deductions', 'Other deductions'],
    ],
  },
  { title: 'Expenses', rows: [['materials', 'Materials and expenses']] },
] as const;

export type PayslipMoneyField = (typeof PAYSLIP_BREAKDOWN)[number]['rows'][number][0] | 'net';
/** Every money field, in breakdown order, net last. */
export const PAYSLIP_MONEY_FIELDS = [...PAYSLIP_BREAKDOWN.flatMap((s) => s.rows.map(([key]) => key)), 'net'] as PayslipMoneyField[];

export const payslipSchema = z
  .object({
    id: z.string().regex(idPattern('payslip')),
    taxYear: z.coerce.number().int().nullish(),
    taxPeriod: z.coerce.number().int().nullish(),
    payFrequency: z.string().nullish(),
    paymentModel: z.string().nullish(),
    payDate: z.string().nullish(),
    agencyName: z.string().nullish(),
    subcontractorName: z.string().nullish(),
    subcontractorId: ref,
    subcontractorRef: ref,
    candidateId: ref,
    timesheetId: ref,
    ...Object.fromEntries(PAYSLIP_MONEY_FIELDS.map((key) => [key, money])),
  })
  .loose()
  .transform((p) => {
    const figures = Object.fromEntries(
      PAYSLIP_MONEY_FIELDS.map((key) => [key, (p as Record<string, unknown>)[key] as string | null]),
    ) as Record<PayslipMoneyField, string | null>;
    return {
      id: p.id,
      taxYear: p.taxYear ?? null,
      taxPeriod: p.taxPeriod ?? null,
      payFrequency: p.payFrequency ?? null,
      paymentModel: p.paymentModel ?? null,
      payDate: p.payDate ?? null,
      agencyName: p.agencyName ?? null,
      candidateName: p.subcontractorName ?? null,
      candidateId: p.subcontractorId ?? p.subcontractorRef ?? p.candidateId ?? null,
      timesheetId: p.timesheetId ?? null,
      figures,
    };
  });

export type Payslip = z.output<typeof payslipSchema>;

/**
 * The link to a payslip (page, or its PDF), carrying the documented list fields that find it again: Nxsys has
 * no payslip read by id, so the id alone would mean reading the whole list.
 */
export function payslipHref(p: Pick<Payslip, 'id' | 'taxYear' | 'taxPeriod'>, what: 'page' | 'pdf' = 'page') {
  const q = new URLSearchParams();
  if (p.taxYear !== null) q.set('taxYear', String(p.taxYear));
  if (p.taxPeriod !== null) q.set('taxPeriod', String(p.taxPeriod));
  const path = what === 'pdf' ? `/api/payslips/${p.id}/pdf` : `/payslips/${p.id}`;
  return q.size ? `${path}?${q}` : path;
}

/**
 * What the pay-run review reads of a Nxsys timesheet (documented list item): whose, which period, its status and
 * its net total (the value a payslip's `timesheetValue` pays). Numbers may come as strings.
 */
export const reviewTimesheetSchema = z
  .object({
    id: z.string().regex(idPattern('timesheet')),
    subcontractorRef: ref,
    taxYear: z.coerce.number().int().nullish(),
    taxPeriod: z.coerce.number().int().nullish(),
    payFrequency: z.string().nullish(),
    approveStatus: z.string().nullish(),
    startDate: z.string().nullish(),
    endDate: z.string().nullish(),
    totalNet: money,
  })
  .loose()
  .transform((t) => ({
    id: t.id,
    candidateId: t.subcontractorRef ?? null,
    taxYear: t.taxYear ?? null,
    taxPeriod: t.taxPeriod ?? null,
    payFrequency: t.payFrequency ?? null,
    approveStatus: t.approveStatus ?? null,
    startDate: t.startDate ?? null,
    endDate: t.endDate ?? null,
    totalNet: t.totalNet ?? null,
  }));

export type ReviewTimesheet = z.output<typeof reviewTimesheetSchema>;

/** A "checked" mark sent for one difference of a pay run: which difference, and the note (required). */
export const checkDifferenceSchema = z.object({
  key: z.string().min(1).max(300),
  note: z.string().trim().min(1, 'Write a note: what you found or did.').max(500, 'Keep the note to 500 characters.'),
});
