'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ListFooter, type PageMeta } from '@/components/list/list-parts';
import { DataList } from '@/components/list/data-list';
import { plainListQuery } from '@/components/list/list-query';
import { useListState } from '@/components/list/use-list-state';
import { CandidatePicker } from '@/components/timesheets/candidate-picker';
import { DownloadLink } from '@/components/ui/download-link';
import { apiFetch } from '@/lib/api-client';
import { attachedCurrency, formatMoney } from '@/lib/money';
import { ukDate } from '@/lib/dates';
import { paymentModelLabel } from '@/lib/labels';
import { taxPeriodLabel } from '@/lib/tax-period';
import { payslipHref, payslipSchema } from '@/lib/payslips/schema';

const FILTER = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm';

export function PayslipsList() {
  // The payslip list documents only page and size: no sorting; filters are checked by the portal on every row.
  const { state, update, query: urlQuery } = useListState();
  const { query, queryKey } = plainListQuery('payslips', urlQuery);
  const list = useQuery({
    queryKey,
    queryFn: async () => {
      const page = await apiFetch<{ data: unknown[]; meta: PageMeta }>(`/api/nxsys/payslips?${query}`);
      return { data: page.data.map((p) => ({ ...payslipSchema.parse(p), currency: attachedCurrency(p) })), meta: page.meta };
    },
    placeholderData: keepPreviousData,
  });
  const exportQuery = new URLSearchParams(query);
  exportQuery.delete('page');
  exportQuery.delete('size');
  const numberFilter = (name: string, labelText: string, placeholder: string) => (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      {labelText}
      <input
        key={state.filters[name] ?? ''}
        inputMode="numeric"
        aria-label={labelText}
        defaultValue={state.filters[name] ?? ''}
        placeholder={placeholder}
        onBlur={(e) => update({ [name]: e.target.value.replace(/\D/g, '') })}
        onKeyDown={(e) => e.key === 'Enter' && update({ [name]: e.currentTarget.value.replace(/\D/g, '') })}
        className={`${FILTER} w-20`}
      />
    </label>
  );
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-72">
          <CandidatePicker
            key={state.filters.subcontractorIds ?? ''}
            value={state.filters.subcontractorIds ?? ''}
            name={state.filters.candidateName ?? state.filters.subcontractorIds ?? ''}
            onChange={(id, name) => update({ subcontractorIds: id, candidateName: name })}
          />
        </div>
        {numberFilter('taxYear', 'Tax year', '2026')}
        {numberFilter('taxPeriod', 'Tax period', '33')}
        <DownloadLink href={`/api/payslips/export?${exportQuery}`} className="ml-auto">
          Export CSV
        </DownloadLink>
      </div>
      <DataList
        caption="Payslips"
        busy={list.isFetching}
        pending={list.isPending}
        rows={list.data?.data ?? []}
        rowKey={(p) => p.id}
        columns={[
          {
            label: 'Payslip',
            className: 'font-medium',
            cell: (p) => (
              <Link href={payslipHref(p)} prefetch={false} className="text-brand-700 hover:underline">
                {p.id}
              </Link>
            ),
          },
          {
            label: 'Candidate',
            cell: (p) => (
              <>
                {p.candidateName ?? '—'}
                <div className="text-xs text-slate-500">{p.candidateId}</div>
              </>
            ),
          },
          { label: 'Tax period', className: 'whitespace-nowrap', cell: (p) => taxPeriodLabel(p) },
          { label: 'Pay date', className: 'whitespace-nowrap', cell: (p) => ukDate(p.payDate) },
          { label: 'Model', cell: (p) => paymentModelLabel(p.paymentModel) },
          { label: 'Gross', align: 'right', className: 'tabular-nums', cell: (p) => formatMoney(p.figures.gross, p.currency) },
          { label: 'Net pay', align: 'right', className: 'font-medium tabular-nums', cell: (p) => formatMoney(p.figures.net, p.currency) },
        ]}
        footer={
          <ListFooter
            list={list}
            empty="No payslips match these filters."
            onPage={(page) => update({ page })}
            onSize={(size) => update({ size })}
          />
        }
      />
    </div>
  );
}
