'use client';

import { DateInput } from '@/components/ui/date-input';
import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { ListCount, ListPageFooter, SearchBox } from '@/components/list/list-parts';
import type { ListPage } from '@/lib/list/page';
import { DataList } from '@/components/list/data-list';
import { ExportLinks } from '@/components/list/export-links';
import { timesheetLinkColumn } from './timesheet-link-column';
import { TIMESHEETS_DEFAULTS } from '@/lib/timesheets/list-query';
import { useListState } from '@/components/list/use-list-state';
import { isIsoDate } from '@/lib/dates';
import { label, PAYMENT_MODEL_VALUES, paymentModelLabel } from '@/lib/labels';

/**
 * A timesheet as the list shows it, read and formatted on the server (app/(app)/timesheets/page.tsx): dates as
 * dd/mm/yyyy, money with its currency's sign (£ UK, € Irish), and "—" where Nxsys sent nothing.
 */
export interface TimesheetListRow {
  id: string;
  candidateName: string | null;
  candidateId: string | null;
  /** "dd/mm/yyyy – dd/mm/yyyy" */
  period: string;
  /** "2025/26 week 33" */
  taxPeriod: string;
  status: string;
  net: string;
  total: string;
}

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

/**
 * The timesheets the server page read for the URL; search, filters, sorting and paging change the URL.
 * `statuses`: the approval statuses and how they read (from the timesheets schema, on the server).
 */
export function TimesheetsList({ list, statuses }: { list: ListPage<TimesheetListRow>; statuses: [string, string][] }) {
  const { state, update, query, busy } = useListState(TIMESHEETS_DEFAULTS);
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
      <ListCount list={list} noun={['timesheet', 'timesheets']} />
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
            onKeyDown={(e) => e.key === 'Enter' && update({ subcontractorRef: e.currentTarget.value.trim() })}
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
            {statuses.map(([value, text]) => (
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
        <ExportLinks path="/api/timesheets/export" query={query} className="ml-auto" />
        <Link href="/timesheets/new" className={buttonClasses('primary')}>
          New timesheet
        </Link>
      </div>
      <DataList
        caption="Timesheets"
        busy={busy}
        rows={list.data ?? []}
        rowKey={(t) => t.id}
        sort={{ field: state.sortField, type: state.sortType, onSort: sort }}
        columns={[
          timesheetLinkColumn(),
          {
            label: 'Candidate',
            // The name beside the id; no name from Nxsys: the id alone.
            cell: (t) =>
              t.candidateName ? (
                <>
                  {t.candidateName}
                  <div className="text-xs text-slate-500">{t.candidateId}</div>
                </>
              ) : (
                (t.candidateId ?? '—')
              ),
          },
          {
            label: 'Period',
            sortField: 'startDate',
            className: 'whitespace-nowrap',
            cell: (t) => (
              <>
                {t.period}
                <div className="text-xs text-slate-500">{t.taxPeriod}</div>
              </>
            ),
          },
          {
            label: 'Status',
            sortField: 'approveStatus',
            cell: (t) => t.status,
          },
          { label: 'Net', sortField: 'totalNet', className: 'tabular-nums', cell: (t) => t.net },
          { label: 'Total', align: 'right', className: 'tabular-nums', cell: (t) => t.total },
        ]}
        footer={
          <ListPageFooter
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
