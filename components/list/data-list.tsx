// No 'use client': a list is described once, by its columns, and renders the same in a server page (activity) and
// in a client list. Only its sort controls are client components (list-parts.tsx), and only when it sorts.
import { Fragment, type ReactNode } from 'react';
import { SortHeader, SortSelect } from './list-parts';

/** One column of a list: its heading (also a card's field label) and what one row shows in it. */
export interface Column<Row> {
  label: string;
  cell: (row: Row) => ReactNode;
  /**
   * How the column shows in a card on a narrow screen: `primary` is the card's title (the record's link; the first
   * column unless another says so), `field` a label–value pair (the default), `actions` the buttons at the card's foot
   * (its heading is then read by screen readers only in the table), `none` not at all.
   */
  card?: 'primary' | 'field' | 'actions' | 'none';
  /** The API's sort field: the heading sorts the table, and the card layout offers it in "Sort by". */
  sortField?: string;
  /** Amounts are right-aligned in the table (a card shows them beside their label). */
  align?: 'left' | 'right';
  /** Extra classes of the table cell (e.g. `whitespace-nowrap`, `tabular-nums`). */
  className?: string;
}

export interface ListSort {
  field?: string;
  type?: 'asc' | 'desc';
  onSort: (field: string, type: 'asc' | 'desc') => void;
}

/** Bulk selection: a checkbox on every row (and card), and one for all of them. */
export interface ListSelection<Row> {
  isSelected: (row: Row) => boolean;
  onToggle: (row: Row) => void;
  /** The accessible name of a row's checkbox, e.g. "Select TS-12". */
  label: (row: Row) => string;
  all: { checked: boolean; onChange: (checked: boolean) => void; label: string };
}

const CELL = 'px-4 py-3';

/**
 * The one list every page uses. From `md` (768 px) up, a captioned table in a card; below it, each row is a card: the
 * row's primary column as its title, the other columns as label–value pairs, its actions and bulk checkbox. Both
 * layouts are in the HTML (so server-rendered rows show at once, whatever the screen) and CSS hides one of them;
 * `display: none` hides it from assistive technology too.
 */
export function DataList<Row>({
  caption,
  columns,
  rows,
  rowKey,
  rowClassName,
  pending,
  busy,
  sort,
  selection,
  footer,
  status,
  className = 'overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm',
}: {
  caption: string;
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  rowClassName?: (row: Row) => string;
  /** No rows yet: skeletons stand in for them. */
  pending?: boolean;
  /** The rows shown are on their way out (the next page, sort or filter is loading): marked busy and dimmed. */
  busy?: boolean;
  sort?: ListSort;
  selection?: ListSelection<Row>;
  /** Under the list: its error, empty state or pagination. */
  footer?: ReactNode;
  /** A line in the list's place while there are no rows to show (loading, an error), in both layouts. */
  status?: ReactNode;
  className?: string;
}) {
  const primaryIndex = Math.max(
    0,
    columns.findIndex((c) => c.card === 'primary'),
  );
  const primary = columns[primaryIndex];
  const fields = columns.filter((c, i) => i !== primaryIndex && (c.card ?? 'field') === 'field');
  const actions = columns.filter((c) => c.card === 'actions');
  const sortable = columns.filter((c) => c.sortField);
  const width = columns.length + (selection ? 1 : 0);

  return (
    <section className={className}>
      {/* Wide screens: the table. */}
      <div className="hidden overflow-x-auto md:block" data-layout="table">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase">
            <tr>
              {selection && (
                <th scope="col" className={`${CELL} w-10`}>
                  <input
                    type="checkbox"
                    aria-label={selection.all.label}
                    checked={selection.all.checked}
                    onChange={(e) => selection.all.onChange(e.target.checked)}
                  />
                </th>
              )}
              {columns.map((c) =>
                c.sortField && sort ? (
                  <SortHeader
                    key={c.label}
                    label={c.label}
                    field={c.sortField}
                    sortField={sort.field}
                    sortType={sort.type}
                    onSort={sort.onSort}
                    align={c.align}
                  />
                ) : (
                  <th key={c.label} scope="col" className={c.align === 'right' ? `${CELL} text-right` : CELL}>
                    {c.card === 'actions' ? <span className="sr-only">{c.label}</span> : c.label}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody className={`divide-y divide-slate-100 transition-opacity ${busy ? 'opacity-60' : ''}`} aria-busy={busy}>
            {status && rows.length === 0 && (
              <tr>
                <td colSpan={width} className={`${CELL} text-slate-500`}>
                  {status}
                </td>
              </tr>
            )}
            {pending &&
              Array.from({ length: 8 }, (_, r) => (
                <tr key={r} aria-hidden>
                  {Array.from({ length: width }, (_, c) => (
                    <td key={c} className={CELL}>
                      <div className="h-4 animate-pulse rounded bg-slate-200" />
                    </td>
                  ))}
                </tr>
              ))}
            {rows.map((row) => (
              <tr key={rowKey(row)} className={`hover:bg-slate-50 ${rowClassName?.(row) ?? ''}`}>
                {selection && (
                  <td className={CELL}>
                    <input
                      type="checkbox"
                      aria-label={selection.label(row)}
                      checked={selection.isSelected(row)}
                      onChange={() => selection.onToggle(row)}
                    />
                  </td>
                )}
                {columns.map((c) => (
                  <td key={c.label} className={`${CELL} ${c.align === 'right' ? 'text-right' : ''} ${c.className ?? ''}`}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {/* Narrow screens: one card per row. */}
      <div className="md:hidden" data-layout="cards">
        {(sortable.length > 0 && sort) || selection ? (
          <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-slate-50 px-4 py-2 text-sm">
            {selection && (
              <label className="flex items-center gap-2 text-slate-700">
                <input type="checkbox" checked={selection.all.checked} onChange={(e) => selection.all.onChange(e.target.checked)} />
                {selection.all.label}
              </label>
            )}
            {sort && sortable.length > 0 && (
              <SortSelect options={sortable.map((c) => ({ field: c.sortField!, label: c.label }))} {...sort} />
            )}
          </div>
        ) : null}
        <ul aria-label={caption} aria-busy={busy} className={`divide-y divide-slate-100 transition-opacity ${busy ? 'opacity-60' : ''}`}>
          {status && rows.length === 0 && <li className="px-4 py-3 text-sm text-slate-500">{status}</li>}
          {pending &&
            Array.from({ length: 4 }, (_, r) => (
              <li key={r} aria-hidden className="space-y-2 px-4 py-3">
                <div className="h-4 w-1/2 animate-pulse rounded bg-slate-200" />
                <div className="h-4 w-3/4 animate-pulse rounded bg-slate-200" />
              </li>
            ))}
          {rows.map((row) => (
            <li key={rowKey(row)} className={`flex gap-3 px-4 py-3 text-sm ${rowClassName?.(row) ?? ''}`} data-testid="list-card">
              {selection && (
                <input
                  type="checkbox"
                  className="mt-1 size-4 shrink-0"
                  aria-label={selection.label(row)}
                  checked={selection.isSelected(row)}
                  onChange={() => selection.onToggle(row)}
                />
              )}
              <div className="min-w-0 flex-1">
                <div className="font-medium break-words">{primary?.cell(row)}</div>
                {fields.length > 0 && (
                  <dl className="mt-2 grid grid-cols-[minmax(6rem,auto)_minmax(0,1fr)] gap-x-3 gap-y-1">
                    {fields.map((c) => (
                      <Fragment key={c.label}>
                        <dt className="text-slate-500">{c.label}</dt>
                        <dd className="min-w-0 break-words">{c.cell(row)}</dd>
                      </Fragment>
                    ))}
                  </dl>
                )}
                {actions.map((c) => (
                  <div key={c.label} className="mt-3 flex flex-wrap gap-2">
                    {c.cell(row)}
                  </div>
                ))}
              </div>
            </li>
          ))}
        </ul>
      </div>
      {footer}
    </section>
  );
}
