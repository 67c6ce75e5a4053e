'use client';

import Link from 'next/link';
import { ListCount, ListPageFooter } from '@/components/list/list-parts';
import type { ListPage } from '@/lib/list/page';
import { DataList } from '@/components/list/data-list';
import { useListState } from '@/components/list/use-list-state';
import { ExportLinks } from '@/components/list/export-links';
import { CandidatePicker } from '@/components/timesheets/candidate-picker';

/**
 * A payslip as the list shows it, read and formatted on the server (app/(app)/payslips/page.tsx): the pay date
 * as dd/mm/yyyy, money with its currency's sign (£ UK, € Irish), and "—" where Nxsys sent nothing.
 */
export interface PayslipListRow {
  id: string;
  /** The payslip's page, with the list fields that find it again (payslipHref). */
  href: string;
  candidateName: string | null;
  candidateId: string | null;
  taxPeriod: string;
  payDate: string;
  model: string;
  gross: string;
  net: string;
}

const FILTER = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm';

/**
 * The payslips the server page read for the URL; the candidate, tax year and period filters and paging change the URL.
 * `totals`: this page's gross and net pay, formatted per currency on the server ("£1,200.00 · €576.00").
 */
export function PayslipsList({ list, totals }: { list: ListPage<PayslipListRow>; totals: { gross: string; net: string } | null }) {
  // The payslip list documents only page and size: the portal sorts it (newest first) and checks every filter on every row.
  const { state, update, query, busy } = useListState();
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
      <ListCount list={list} noun={['payslip', 'payslips']} />
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
        <ExportLinks path="/api/payslips/export" query={query} className="ml-auto" />
      </div>
      <DataList
        caption="Payslips"
        busy={busy}
        rows={list.data ?? []}
        rowKey={(p) => p.id}
        columns={[
          {
            label: 'Payslip',
            className: 'font-medium',
            cell: (p) => (
              <Link href={p.href} prefetch={false} className="text-brand-700 hover:underline">
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
          { label: 'Tax period', className: 'whitespace-nowrap', cell: (p) => p.taxPeriod },
          { label: 'Pay date', className: 'whitespace-nowrap', cell: (p) => p.payDate },
          { label: 'Model', cell: (p) => p.model },
          { label: 'Gross', align: 'right', className: 'tabular-nums', cell: (p) => p.gross },
          { label: 'Net pay', align: 'right', className: 'font-medium tabular-nums', cell: (p) => p.net },
        ]}
        footer={
          <>
            {totals && (
              <p className="px-3 py-2 text-sm text-slate-700" data-testid="payslip-totals">
                On this page: gross <span className="tabular-nums">{totals.gross}</span>, net pay{' '}
                <span className="font-medium tabular-nums">{totals.net}</span>
              </p>
            )}
            <ListPageFooter
              list={list}
              empty="No payslips match these filters."
              onPage={(page) => update({ page })}
              onSize={(size) => update({ size })}
            />
          </>
        }
      />
    </div>
  );
}
