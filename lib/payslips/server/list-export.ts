import 'server-only';
import { ApiError } from '@/lib/errors/api-error';
import { ukDate } from '@/lib/dates';
import { label, paymentModelLabel } from '@/lib/labels';
import { apiQueryOf } from '@/lib/list/query';
import { currencyOf } from '@/lib/money-format';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { listAll } from '@/lib/server/nxsys/lists';
import type { ExportTable } from '@/lib/server/table-export';
import { taxPeriodLabel } from '@/lib/tax-period';
import { PAYSLIP_BREAKDOWN, PAYSLIP_MONEY_FIELDS } from '../schema';
import { PAYSLIP_LISTS } from './lists';
import { parsePayslip, payslipCountries } from './payslips';

/** Column headers people read, money columns named as on the payslip. */
const MONEY_HEADERS: Record<string, string> = Object.fromEntries([
  ...PAYSLIP_BREAKDOWN.flatMap((s) => s.rows.map(([key, text]) => [key, text])),
  ['net', 'Net pay'],
]);
const MONEY = PAYSLIP_MONEY_FIELDS.map((m) => MONEY_HEADERS[m] ?? m);

/**
 * Every payslip the list's URL selects (candidate, tax year, tax period…, each checked on every row), newest first as
 * the list shows them, read to the end of the list, as a table. A list Nxsys did not send in full is refused.
 */
export async function payslipExport(user: Pick<CurrentUser, 'agency'>, params: URLSearchParams): Promise<ExportTable> {
  const { rows, complete } = await listAll(user, PAYSLIP_LISTS.payslips, apiQueryOf(params));
  if (!complete) throw new ApiError('export_incomplete');
  const payslips = rows.map(parsePayslip);
  const countries = await payslipCountries(user, payslips);
  return {
    name: `payslips-${new Date().toISOString().slice(0, 10)}`,
    header: [
      'Payslip ID',
      'Candidate ID',
      'Candidate',
      'Tax year',
      'Tax period',
      'Period',
      'Pay frequency',
      'Payment model',
      'Pay date',
      'Currency',
      ...MONEY,
    ],
    money: new Set(MONEY),
    rows: payslips.map((p, i) => {
      const currency = currencyOf(countries[i]);
      return {
        currency,
        cells: [
          p.id,
          p.candidateId,
          p.candidateName,
          p.taxYear,
          p.taxPeriod,
          taxPeriodLabel(p),
          p.payFrequency ? label(p.payFrequency) : '',
          p.paymentModel ? paymentModelLabel(p.paymentModel) : '',
          p.payDate ? ukDate(p.payDate) : '',
          currency ?? '',
          ...PAYSLIP_MONEY_FIELDS.map((m) => p.figures[m]),
        ],
      };
    }),
  };
}
