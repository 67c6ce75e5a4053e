'use client';

import { DateInput } from '@/components/ui/date-input';
import { ownValue } from '@/lib/own-key';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { ListFooter, type PageMeta, SearchBox } from '@/components/list/list-parts';
import { DataList } from '@/components/list/data-list';
import { plainListQuery, TIMESHEETS_DEFAULTS } from '@/components/list/list-query';
import { useListState } from '@/components/list/use-list-state';
import { apiFetch } from '@/lib/api-client';
import { attachedCurrency, formatMoney } from '@/lib/money';
import { isIsoDate, ukDate } from '@/lib/dates';
import { label, PAYMENT_MODEL_VALUES, paymentModelLabel } from '@/lib/labels';
import { taxPeriodLabel } from '@/lib/tax-period';
import { APPROVE_STATUS_LABELS, nxsysTimesheetSchema } from '@/lib/timesheets/schema';

const FILTER = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm';

/** One end of the period filter (Nxsys's `bactchFrom` / `bactchTo`). */
function PeriodDate({ edge, value, onChange }: { edge: 'From' | 'To'; value?: string; onChange: (value: string) => void }) {
  return (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      {edge}
      <DateInput
        aria-label={`Period ${edge.toLowerCase()}`}
        value={value ?? ''}
        // The URL (and Nxsys) get a date only once it is a whole one; clearing the field clears the filter.
        onChange={(next) => (next === '' || isIsoDate(next) ? onChange(next) : undefined)}
        className={`${FILTER} w-32`}
      />
    </label>
  );
}

export function TimesheetsList() {
  const { state, update, query: urlQuery } = useListState(TIMESHEETS_DEFAULTS);
  const { query, queryKey } = plainListQuery('timesheets', urlQuery, TIMESHEETS_DEFAULTS);
  const list = useQuery({
    queryKey,
    queryFn: async () => {
      const page = await apiFetch<{ data: unknown[]; meta: PageMeta }>(`/api/nxsys/timesheets?${query}`);
      return { data: page.data.map((t) => ({ ...nxsysTimesheetSchema.parse(t), currency: attachedCurrency(t) })), meta: page.meta };
    },
    placeholderData: keepPreviousData,
  });
  const sort = (field: string, type: 'asc' | 'desc') => update({ sortField: field, sortType: type });
  const select = (name: string, labelText: string, options: [string, string][]) => (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      {labelText}
      <select value={state.filters[name] ?? ''} onChange={(e) => update({ [name]: e.target.value })} className={FILTER}>
        <option value="">Any</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <SearchBox
          label="Search timesheets"
          placeholder="Search candidate name or id"
          value={state.search}
          onChange={(search) => update({ search })}
        />
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Candidate id
          <input
            aria-label="Candidate id"
            defaultValue={state.filters.subcontractorRef ?? ''}
            placeholder="SR-…"
            onBlur={(e) => update({ subcontractorRef: e.target.value.trim() })}
            className={`${FILTER} w-28`}
          />
        </label>
        <PeriodDate edge="From" value={state.filters.bactchFrom} onChange={(value) => update({ bactchFrom: value })} />
        <PeriodDate edge="To" value={state.filters.bactchTo} onChange={(value) => update({ bactchTo: value })} />
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Status
          {/* "Not yet approved": any status but APPROVED, the one documented value (the portal checks every row). */}
          <select
            value={state.filters.notApproved ? 'NOT_APPROVED' : (state.filters.approveStatus ?? '')}
            onChange={(e) =>
              update(
                e.target.value === 'NOT_APPROVED'
                  ? { notApproved: '1', approveStatus: undefined }
                  : { approveStatus: e.target.value, notApproved: undefined },
              )
            }
            className={FILTER}
          >
            <option value="">Any</option>
            <option value="NOT_APPROVED">Not yet approved</option>
            {Object.entries(APPROVE_STATUS_LABELS).map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        {select(
          'paymentModel',
          'Model',
          PAYMENT_MODEL_VALUES.map((m) => [m, paymentModelLabel(m)]),
        )}
        {select(
          'payFrequency',
          'Frequency',
          ['WEEKLY', 'MONTHLY'].map((m) => [m, label(m)]),
        )}
        <Link href="/timesheets/new" className={`${buttonClasses('primary')} ml-auto`}>
          New timesheet
        </Link>
      </div>
      <DataList
        caption="Timesheets"
        busy={list.isFetching}
        pending={list.isPending}
        rows={list.data?.data ?? []}
        rowKey={(t) => t.id}
        sort={{ field: state.sortField, type: state.sortType, onSort: sort }}
        columns={[
          {
            label: 'Timesheet',
            className: 'font-medium',
            cell: (t) => (
              <Link href={`/timesheets/${t.id}`} prefetch={false} className="text-brand-700 hover:underline">
                {t.id}
              </Link>
            ),
          },
          {
            label: 'Candidate',
            cell: (t) => (
              <>
                {t.subcontractorRef?.fullName ?? '—'}
                <div className="text-xs text-slate-500">{t.subcontractorRef?.id}</div>
              </>
            ),
          },
          {
            label: 'Period',
            sortField: 'startDate',
            className: 'whitespace-nowrap',
            cell: (t) => (
              <>
                {ukDate(t.startDate)} – {ukDate(t.endDate)}
                <div className="text-xs text-slate-500">{taxPeriodLabel(t)}</div>
              </>
            ),
          },
          {
            label: 'Status',
            sortField: 'approveStatus',
            cell: (t) => (t.approveStatus ? (ownValue(APPROVE_STATUS_LABELS, t.approveStatus) ?? label(t.approveStatus)) : '—'),
          },
          { label: 'Net', sortField: 'totalNet', className: 'tabular-nums', cell: (t) => formatMoney(t.totalNet, t.currency) },
          { label: 'Total', align: 'right', className: 'tabular-nums', cell: (t) => formatMoney(t.totalPrices, t.currency) },
        ]}
        footer={
          <ListFooter
            list={list}
            empty="No timesheets match these filters."
            onPage={(page) => update({ page })}
            onSize={(size) => update({ size })}
          />
        }
      />
    </div>
  );
}
