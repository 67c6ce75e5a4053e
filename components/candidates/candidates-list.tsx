'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { DownloadLink } from '@/components/ui/download-link';
import { ListCount, ListPageFooter, SearchBox } from '@/components/list/list-parts';
import type { ListPage } from '@/lib/list/page';
import { DataList, type Column } from '@/components/list/data-list';
import { label } from '@/lib/labels';
import { useListState } from '@/components/list/use-list-state';
import { useRefresh } from '@/components/list/use-refresh';
import { apiFetch } from '@/lib/api-client';
import { ukDate, ukDateTime } from '@/lib/dates';
import { candidatesListQuery } from '@/lib/candidates/list-query';

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
const RIGHT_TO_WORK: [string, string][] = [
  ['', 'Any'],
  ['expiring', 'Expiring within 30 days'],
  ['expired', 'Expired'],
];

/** Beside a right-to-work view: when Nxsys was last checked and what could not be (the lists carry no expiry date). */
export interface RightToWorkStatus {
  filter: 'expiring' | 'expired';
  state: 'checking' | 'ready' | 'rechecking';
  checkedAt: string | null;
  unchecked: number;
  incomplete: boolean;
  expiries: Record<string, string>;
}
const tabClass = (active: boolean) =>
  `rounded-md px-3 py-1.5 text-sm font-medium ${active ? 'bg-white text-brand-700 shadow-sm' : 'text-slate-600 hover:text-slate-900'}`;

/**
 * The candidates list: the page of rows the server page read for the URL (`list`, and the right-to-work view's
 * status with it); tabs, search, filters and paging change the URL, and the server reads the new page.
 */
export function CandidatesList({ list, rightToWork: status }: { list: ListPage<CandidateRow>; rightToWork?: RightToWorkStatus | null }) {
  // Candidate lists document no sorting: rows come in Nxsys's order.
  const { state, update, query, busy } = useListState();
  const { country, apiQuery } = candidatesListQuery(query);
  const rightToWork = state.filters.rightToWork && status ? status : undefined;
  // While a right-to-work check runs (a background job), the view is read again every 3 s until it is done.
  const router = useRouter();
  const [, startPolling] = useTransition();
  const checking = !!status && status.state !== 'ready';
  useEffect(() => {
    if (!checking) return;
    const timer = setInterval(() => startPolling(() => router.refresh()), 3_000);
    return () => clearInterval(timer);
  }, [checking, router]);
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
    ...(rightToWork
      ? [{ label: 'Document expires', cell: (c: CandidateRow) => ukDate(rightToWork.expiries[c.id]), className: 'whitespace-nowrap' }]
      : []),
  ];
  const exportUrl = `/api/candidates/export?${new URLSearchParams({ ...Object.fromEntries(apiQuery), country })}`;

  return (
    <div className="space-y-4">
      <ListCount list={list} noun={['candidate', 'candidates']} />
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
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Right to work
          <select
            value={state.filters.rightToWork ?? ''}
            onChange={(e) => update({ rightToWork: e.target.value })}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5"
          >
            {RIGHT_TO_WORK.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <div className="ml-auto flex gap-2">
          {rightToWork?.state !== 'checking' && <DownloadLink href={exportUrl}>Export CSV</DownloadLink>}
          <Link href={`/candidates/new?country=${country}`} className={buttonClasses('primary')}>
            Onboard candidate
          </Link>
        </div>
      </div>

      {state.filters.rightToWork && rightToWork && <RightToWorkNote status={rightToWork} />}

      <DataList
        caption={country === 'uk' ? 'UK candidates' : 'Irish candidates'}
        busy={busy}
        rows={list.data ?? []}
        rowKey={(c) => c.id}
        columns={columns}
        footer={
          <ListPageFooter
            list={list}
            empty={
              rightToWork?.state === 'checking'
                ? 'Checking right-to-work documents with Nxsys… The list fills in when the check is done.'
                : rightToWork
                  ? `No candidates with a right-to-work document ${rightToWork.filter === 'expired' ? 'that has expired' : 'expiring within 30 days'}${state.search ? ` match “${state.search}”` : ''}.`
                  : state.search
                    ? `No candidates match “${state.search}”.`
                    : 'No candidates yet. Onboard the first one.'
            }
            onPage={(page) => update({ page })}
            onSize={(size) => update({ size })}
          />
        }
      />
    </div>
  );
}

/** When the right-to-work view was checked, what could not be, and "Check again now". */
function RightToWorkNote({ status }: { status: RightToWorkStatus }) {
  const { refresh } = useRefresh();
  const [asking, setAsking] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const recheck = async () => {
    setAsking(true);
    setFailed(null);
    try {
      await apiFetch('/api/candidates/right-to-work', { method: 'POST' });
      refresh();
    } catch (error) {
      setFailed(error instanceof Error ? error.message : 'The check could not be started.');
    } finally {
      setAsking(false);
    }
  };
  const plural = (n: number) => `${n} candidate${n === 1 ? '' : 's'}`;
  return (
    <div
      role="status"
      data-testid="right-to-work-status"
      className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700"
    >
      {status.state === 'checking' ? (
        <p>Checking right-to-work documents with Nxsys (each candidate is read: the lists carry no expiry date)…</p>
      ) : (
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <p>
            Right-to-work expiry dates as Nxsys held them when checked {ukDateTime(status.checkedAt)}.
            {status.state === 'rechecking' && ' Checking again now…'}
          </p>
          {status.state === 'ready' && (
            <button type="button" onClick={() => void recheck()} disabled={asking} className={buttonClasses('secondary')}>
              {asking ? 'Asking…' : 'Check again now'}
            </button>
          )}
        </div>
      )}
      {status.unchecked > 0 && (
        <p className="mt-2 font-medium text-amber-800">
          {plural(status.unchecked)} could not be checked (Nxsys did not send their document expiry date), so this list may be missing some.
        </p>
      )}
      {status.incomplete && (
        <p className="mt-2 font-medium text-amber-800">
          The candidate lists were only read up to the portal&apos;s limit, so candidates beyond it were not checked.
        </p>
      )}
      {failed && (
        <p role="alert" className="mt-2 text-red-700">
          {failed}
        </p>
      )}
    </div>
  );
}
