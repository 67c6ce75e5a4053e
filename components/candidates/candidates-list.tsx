'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { DownloadLink } from '@/components/ui/download-link';
import { ListFooter, type PageMeta, SearchBox } from '@/components/list/list-parts';
import { DataList, type Column } from '@/components/list/data-list';
import { label } from '@/lib/labels';
import { useListState } from '@/components/list/use-list-state';
import { apiFetch } from '@/lib/api-client';
import { candidatesListQuery } from './candidates-query';

export interface CandidateRow {
  id: string;
  fullName?: string;
  forename?: string;
  surname?: string;
  email?: string;
  mobile?: string;
  NINumber?: string;
  eircode?: string;
  status?: string;
  registrationStatus?: string;
}

const STATUS = ['', 'ACTIVE', 'INACTIVE'];
const tabClass = (active: boolean) =>
  `rounded-md px-3 py-1.5 text-sm font-medium ${active ? 'bg-white text-brand-700 shadow-sm' : 'text-slate-600 hover:text-slate-900'}`;

export function CandidatesList() {
  // Candidate lists document no sorting: rows come in Nxsys's order.
  const { state, update, query } = useListState();
  const { country, apiQuery, resource, queryKey } = candidatesListQuery(query);
  const list = useQuery({
    queryKey,
    queryFn: () => apiFetch<{ data: CandidateRow[]; meta: PageMeta }>(`/api/nxsys/${resource}?${apiQuery}`),
    placeholderData: keepPreviousData,
  });
  const columns: Column<CandidateRow>[] = [
    {
      label: 'Name',
      className: 'font-medium',
      cell: (c) => (
        <>
          <Link href={`/candidates/${c.id}?country=${country}`} prefetch={false} className="text-brand-700 hover:underline">
            {c.fullName || `${c.forename ?? ''} ${c.surname ?? ''}`}
          </Link>
          <div className="text-xs font-normal text-slate-500">{c.id}</div>
        </>
      ),
    },
    { label: 'Email', cell: (c) => c.email },
    { label: 'Mobile', cell: (c) => c.mobile || '—', className: 'whitespace-nowrap' },
    {
      label: country === 'uk' ? 'NI number' : 'Eircode',
      cell: (c) => (country === 'uk' ? c.NINumber : c.eircode) || '—',
      className: 'whitespace-nowrap',
    },
    { label: 'Status', cell: (c) => (c.status ? label(c.status) : '—') },
    {
      label: 'Registration',
      cell: (c) => (c.registrationStatus ? (c.registrationStatus === 'ONGOING' ? 'Onboarding' : label(c.registrationStatus)) : '—'),
      className: 'text-slate-500',
    },
  ];
  const exportUrl = `/api/candidates/export?${new URLSearchParams({ ...Object.fromEntries(apiQuery), country })}`;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <div role="tablist" aria-label="Country" className="inline-flex rounded-lg bg-slate-100 p-1">
          <button
            role="tab"
            aria-selected={country === 'uk'}
            className={tabClass(country === 'uk')}
            onClick={() => update({ country: undefined })}
          >
            United Kingdom
          </button>
          <button
            role="tab"
            aria-selected={country === 'ie'}
            className={tabClass(country === 'ie')}
            onClick={() => update({ country: 'ie' })}
          >
            Ireland
          </button>
        </div>
        <SearchBox
          label="Search candidates"
          placeholder="Search name, email, identifier"
          value={state.search}
          onChange={(search) => update({ search })}
        />
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Status
          <select
            value={state.filters.status ?? ''}
            onChange={(e) => update({ status: e.target.value })}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5"
          >
            {STATUS.map((s) => (
              <option key={s} value={s}>
                {s ? s.charAt(0) + s.slice(1).toLowerCase() : 'Any'}
              </option>
            ))}
          </select>
        </label>
        <div className="ml-auto flex gap-2">
          <DownloadLink href={exportUrl}>Export CSV</DownloadLink>
          <Link href={`/candidates/new?country=${country}`} className={buttonClasses('primary')}>
            Onboard candidate
          </Link>
        </div>
      </div>

      <DataList
        caption={country === 'uk' ? 'UK candidates' : 'Irish candidates'}
        busy={list.isFetching}
        pending={list.isPending}
        rows={list.data?.data ?? []}
        rowKey={(c) => c.id}
        columns={columns}
        footer={
          <ListFooter
            list={list}
            empty={state.search ? `No candidates match “${state.search}”.` : 'No candidates yet. Onboard the first one.'}
            onPage={(page) => update({ page })}
            onSize={(size) => update({ size })}
          />
        }
      />
    </div>
  );
}
