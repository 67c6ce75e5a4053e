import 'server-only';
import { ApiError } from '@/lib/errors/api-error';
import { ukDate } from '@/lib/dates';
import { label, paymentModelLabel } from '@/lib/labels';
import { apiQueryOf } from '@/lib/list/query';
import { attachedCurrency } from '@/lib/money-format';
import { ownValue } from '@/lib/own-key';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { listAll } from '@/lib/server/nxsys/lists';
import type { ExportTable } from '@/lib/server/table-export';
import { taxPeriodLabel } from '@/lib/tax-period';
import { TIMESHEETS_DEFAULTS } from '../list-query';
import { APPROVE_STATUS_LABELS, nxsysTimesheetSchema } from '../schema';
import { TIMESHEET_LISTS } from './lists';
import { timesheetsWithCandidates } from './timesheets';

const MONEY = ['Net', 'VAT', 'Total'];

/**
 * Every timesheet the list's URL selects (its search, filters and order, with the list's default order), read to the
 * end of the list, as a table: what the list shows, row for row. A list Nxsys did not send in full is refused.
 */
export async function timesheetExport(user: Pick<CurrentUser, 'agency'>, params: URLSearchParams): Promise<ExportTable> {
  const { rows, complete } = await listAll(user, TIMESHEET_LISTS.timesheets, apiQueryOf(params, TIMESHEETS_DEFAULTS));
  if (!complete) throw new ApiError('export_incomplete');
  const { data } = await timesheetsWithCandidates(user, { data: rows });
  return {
    name: `timesheets-${new Date().toISOString().slice(0, 10)}`,
    header: [
      'Timesheet ID',
      'Candidate ID',
      'Candidate',
      'Start date',
      'End date',
      'Period',
      'Pay frequency',
      'Payment model',
      'Status',
      'Currency',
      ...MONEY,
    ],
    money: new Set(MONEY),
    rows: data.map((item) => {
      const t = nxsysTimesheetSchema.parse(item);
      const currency = attachedCurrency(item);
      const listed = typeof item.candidateListName === 'string' ? item.candidateListName : null;
      return {
        currency,
        cells: [
          t.id,
          t.subcontractorRef?.id ?? null,
          t.subcontractorRef?.fullName ?? listed,
          t.startDate ? ukDate(t.startDate) : null,
          t.endDate ? ukDate(t.endDate) : null,
          taxPeriodLabel(t),
          t.payFrequency ? label(t.payFrequency) : null,
          t.paymentModel ? paymentModelLabel(t.paymentModel) : null,
          t.approveStatus ? (ownValue(APPROVE_STATUS_LABELS, t.approveStatus) ?? label(t.approveStatus)) : null,
          currency,
          t.totalNet,
          t.totalVat,
          t.totalPrices,
        ],
      };
    }),
  };
}
