'use client';

import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { ListCount, ListPageFooter, SearchBox } from '@/components/list/list-parts';
import type { ListPage } from '@/lib/list/page';
import { DataList } from '@/components/list/data-list';
import { useListState } from '@/components/list/use-list-state';
import { PAYMENT_RATES_DEFAULTS } from '@/lib/payment-rates/list-query';
import { label } from '@/lib/labels';

export interface RateRow {
  id: string;
  code: string;
  description: string;
  type: string;
  units: string;
  hoursPerUnit: string;
  raiseInvoice: boolean;
  isStatutory: boolean;
  defaultVATCode?: { VATCode?: string; VATRate?: string } | null;
}

/** The payment rates the server page read for the URL; search, filters, sorting and paging change the URL. */
export function PaymentRatesList({ list }: { list: ListPage<RateRow> }) {
  const { state, update, busy } = useListState(PAYMENT_RATES_DEFAULTS);
  const sort = (field: string, type: 'asc' | 'desc') => update({ sortField: field, sortType: type });
  const yesNo = (name: string) => (
    <select
      value={state.filters[name] ?? ''}
      onChange={(e) => update({ [name]: e.target.value })}
      className="rounded-md border border-slate-300 bg-white px-2 py-1.5"
    >
      <option value="">Any</option>
      <option value="true">Yes</option>
      <option value="false">No</option>
    </select>
  );
  return (
    <div className="space-y-4">
      <ListCount list={list} noun={['payment rate', 'payment rates']} />
      <div className="flex flex-wrap items-center gap-3">
        <SearchBox
          label="Search payment rates"
          placeholder="Search code or description"
          value={state.search}
          onChange={(search) => update({ search })}
        />
        <label className="flex items-center gap-2 text-sm text-slate-600">Invoiced {yesNo('raiseInvoice')}</label>
        <label className="flex items-center gap-2 text-sm text-slate-600">Statutory {yesNo('isStatutory')}</label>
        <Link href="/payment-rates/new" className={`${buttonClasses('primary')} ml-auto`}>
          New payment rate
        </Link>
      </div>
      <DataList
        caption="Payment rates"
        busy={busy}
        rows={list.data ?? []}
        rowKey={(r) => r.id}
        sort={{ field: state.sortField, type: state.sortType, onSort: sort }}
        columns={[
          {
            label: 'Code',
            className: 'font-medium',
            sortField: 'code',
            cell: (r) => (
              <Link href={`/payment-rates/${r.id}`} prefetch={false} className="text-brand-700 hover:underline">
                {r.code}
              </Link>
            ),
          },
          {
            label: 'Description',
            sortField: 'description',
            cell: (r) => (
              <>
                {r.description}
                {r.isStatutory && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">Statutory</span>}
              </>
            ),
          },
          {
            label: 'Units',
            sortField: 'units',
            cell: (r) => (
              <>
                {label(r.units)} ({r.hoursPerUnit} h)
              </>
            ),
          },
          { label: 'Type', cell: (r) => (r.type === 'RATE' ? 'Rate' : 'Fixed') },
          { label: 'VAT', cell: (r) => (r.defaultVATCode ? `${r.defaultVATCode.VATCode} (${r.defaultVATCode.VATRate})` : '—') },
          { label: 'Invoiced', cell: (r) => (r.raiseInvoice ? 'Yes' : 'No') },
        ]}
        footer={
          <ListPageFooter
            list={list}
            empty="No payment rates match."
            onPage={(page) => update({ page })}
            onSize={(size) => update({ size })}
          />
        }
      />
    </div>
  );
}
