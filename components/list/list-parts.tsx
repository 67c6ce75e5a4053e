'use client';

import Link from 'next/link';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { ApiFailure } from '@/lib/errors/api-failure';
import { PAGE_SIZES } from '@/lib/list/query';
import type { ListError, ListPage, PageMeta } from '@/lib/list/page';
import { useRefresh } from './use-refresh';

/** A search box that writes to the URL a moment after typing stops (not on every key). */
export function SearchBox({
  value,
  onChange,
  label,
  placeholder,
}: {
  value: string;
  onChange: (v: string) => void;
  label: string;
  placeholder?: string;
}) {
  const [draft, setDraft] = useState(value);
  // Follow the URL when it changes from elsewhere (back button, a link), without an effect.
  const [synced, setSynced] = useState(value);
  if (value !== synced) {
    setSynced(value);
    setDraft(value);
  }
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => onChange(draft.trim()), 350);
    return () => clearTimeout(timer);
  }, [draft, value, onChange]);
  return (
    <label className="block w-full max-w-sm">
      <span className="sr-only">{label}</span>
      <input
        type="search"
        value={draft}
        placeholder={placeholder ?? label}
        aria-label={label}
        onChange={(e) => setDraft(e.target.value)}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-600/30 focus:outline-none"
      />
    </label>
  );
}

/** A sortable column header: click toggles asc/desc; aria-sort tells screen readers. */
export function SortHeader({
  label,
  field,
  sortField,
  sortType,
  onSort,
  align = 'left',
}: {
  label: string;
  field: string;
  sortField?: string;
  sortType?: 'asc' | 'desc';
  onSort: (field: string, type: 'asc' | 'desc') => void;
  align?: 'left' | 'right';
}) {
  const active = sortField === field;
  const next = active && sortType === 'asc' ? 'desc' : 'asc';
  return (
    <th
      scope="col"
      aria-sort={active ? (sortType === 'asc' ? 'ascending' : 'descending') : 'none'}
      className={`px-4 py-3 ${align === 'right' ? 'text-right' : ''}`}
    >
      <button type="button" onClick={() => onSort(field, next)} className="inline-flex items-center gap-1 uppercase hover:text-slate-800">
        {label}
        <span aria-hidden className="text-[10px]">
          {active ? (sortType === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

/**
 * Sorting where there are no column headings (a list shown as cards on a phone): one select of every sortable
 * column in both directions, bound to the same URL-held sort as the headings.
 */
export function SortSelect({
  options,
  field,
  type,
  onSort,
}: {
  options: { field: string; label: string }[];
  field?: string;
  type?: 'asc' | 'desc';
  onSort: (field: string, type: 'asc' | 'desc') => void;
}) {
  const current = field && options.some((o) => o.field === field) ? `${field}:${type ?? 'asc'}` : '';
  // Labelled by id, not by wrapping: a wrapping label's text would include every option ("Status (ascending)"…).
  const id = useId();
  return (
    <div className="flex items-center gap-2 text-slate-700">
      <label htmlFor={id}>Sort by</label>
      <select
        id={id}
        value={current}
        onChange={(e) => {
          const [f, t] = e.target.value.split(':');
          if (f) onSort(f, t === 'desc' ? 'desc' : 'asc');
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1.5"
      >
        {!current && <option value="">Nxsys’s order</option>}
        {options.flatMap((o) => [
          <option key={`${o.field}:asc`} value={`${o.field}:asc`}>
            {o.label} (ascending)
          </option>,
          <option key={`${o.field}:desc`} value={`${o.field}:desc`}>
            {o.label} (descending)
          </option>,
        ])}
      </select>
    </div>
  );
}

/** A plain column heading (SortHeader for a sortable one); amounts are right-aligned. */
export function ColumnHead({
  label,
  align = 'left',
  className = 'px-4 py-3',
}: {
  label: string;
  align?: 'left' | 'right';
  className?: string;
}) {
  return (
    <th scope="col" className={align === 'right' ? `${className} text-right` : className}>
      {label}
    </th>
  );
}

export function Pagination({
  meta,
  rows,
  onPage,
  onSize,
}: {
  meta: PageMeta;
  rows: number;
  onPage: (page: number) => void;
  onSize: (size: number) => void;
}) {
  const first = rows === 0 ? 0 : (meta.page - 1) * meta.size + 1;
  const last = rows === 0 ? 0 : first + rows - 1;
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-4 py-3 text-sm">
      <p className="text-slate-600" data-testid="page-range">
        {rows === 0 ? 'No rows on this page' : `${first}–${last}`}
        {meta.totalDocs !== null && ` of ${meta.totalDocs.toLocaleString('en-GB')}`}
        {meta.partial && (
          <span className="block text-xs text-amber-800">
            The portal looked through the first {(20 * 100).toLocaleString('en-GB')} records in Nxsys for these filters; narrow them to see
            more.
          </span>
        )}
      </p>
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-2 text-slate-600">
          Rows
          <select
            value={meta.size}
            onChange={(e) => onSize(Number(e.target.value))}
            className="rounded-md border border-slate-300 bg-white px-2 py-1"
          >
            {PAGE_SIZES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <Button variant="secondary" disabled={meta.page <= 1} onClick={() => onPage(meta.page - 1)}>
          Previous
        </Button>
        {/* Nxsys often sends no totals: then a full page offers Next, and the number of pages is not shown. */}
        <span className="text-slate-600" data-testid="page-number">
          Page {meta.page}
          {meta.totalPages !== null && ` of ${meta.totalPages}`}
        </span>
        <Button variant="secondary" disabled={!meta.hasMore} onClick={() => onPage(meta.page + 1)}>
          Next
        </Button>
      </div>
    </nav>
  );
}

const isListError = (error: unknown): error is ListError =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as ListError).code === 'string' &&
  typeof (error as ListError).message === 'string';

/** What went wrong, honestly, with the way forward: Retry, or the connection page when Nxsys needs it. */
export function ErrorState({ error, onRetry, retryLabel = 'Retry' }: { error: unknown; onRetry: () => void; retryLabel?: string }) {
  const code = error instanceof ApiFailure || isListError(error) ? error.code : undefined;
  const message = error instanceof Error || isListError(error) ? error.message : 'Something went wrong.';
  const connection = code === 'nxsys_not_connected' || code === 'nxsys_reconnect_required';
  return (
    <div role="alert" className="flex flex-col items-center gap-3 px-4 py-12 text-center">
      <p className="max-w-md text-sm text-slate-700">{message}</p>
      {connection ? (
        <Link href="/connection" className="text-sm font-medium text-brand-700 underline">
          Go to the Nxsys connection
        </Link>
      ) : (
        <Button variant="secondary" onClick={onRetry}>
          {retryLabel}
        </Button>
      )}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="px-4 py-12 text-center text-sm text-slate-600">{children}</div>;
}

interface PagedQuery {
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
  data?: { data: unknown[]; meta: PageMeta };
}

/** Under a list's table: the error with Retry, the empty state, or the pagination. */
export function ListFooter({
  list,
  empty,
  onPage,
  onSize,
}: {
  list: PagedQuery;
  empty: ReactNode;
  onPage: (page: number) => void;
  onSize: (size: number) => void;
}) {
  return (
    <>
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.data.length === 0 && (
        <EmptyState>{list.data.meta.page > 1 ? 'Nothing more: this page is past the end of the list.' : empty}</EmptyState>
      )}
      {list.data && (list.data.data.length > 0 || list.data.meta.page > 1) && (
        <Pagination meta={list.data.meta} rows={list.data.data.length} onPage={onPage} onSize={onSize} />
      )}
    </>
  );
}

/**
 * "143 timesheets": how many rows the list's filters select, only when that number is known — Nxsys sent it, or the
 * portal read the whole list to filter it — never guessed from a page.
 */
export function ListCount<Row>({ list, noun }: { list: ListPage<Row>; noun: [one: string, many: string] }) {
  if (list.error || list.meta.totalDocs === null || list.meta.partial) return null;
  const n = list.meta.totalDocs;
  return (
    <p className="text-sm font-medium text-slate-700" data-testid="list-count">
      {n.toLocaleString('en-GB')} {n === 1 ? noun[0] : noun[1]}
    </p>
  );
}

/**
 * Under a list the server page read (ListPage): the error with "Try again" (the page is read again), the empty
 * state, or the pagination.
 */
export function ListPageFooter<Row>({
  list,
  empty,
  onPage,
  onSize,
}: {
  list: ListPage<Row>;
  empty: ReactNode;
  onPage: (page: number) => void;
  onSize: (size: number) => void;
}) {
  const { refresh } = useRefresh();
  if (list.error) return <ErrorState error={list.error} onRetry={refresh} retryLabel="Try again" />;
  return (
    <>
      {list.data.length === 0 && (
        <EmptyState>{list.meta.page > 1 ? 'Nothing more: this page is past the end of the list.' : empty}</EmptyState>
      )}
      {(list.data.length > 0 || list.meta.page > 1) && (
        <Pagination meta={list.meta} rows={list.data.length} onPage={onPage} onSize={onSize} />
      )}
    </>
  );
}
