import type { Metadata } from 'next';
import Link from 'next/link';
import { DataList } from '@/components/list/data-list';
import { buttonClasses } from '@/components/ui/button';
import { DateInput } from '@/components/ui/date-input';
import { DownloadLink } from '@/components/ui/download-link';
import { ukDateTime } from '@/lib/dates';
import { PageHeader } from '@/components/ui/page-header';
import {
  ACTION_LABELS,
  activityFiltersSchema,
  agencyActivity,
  detailsText,
  targetHref,
  targetText,
  type ActivityFilters,
} from '@/lib/activity/server';
import { AUDIT_ACTIONS, type AuditAction } from '@/lib/server/audit';
import { requireAdmin } from '@/lib/server/auth/current-user';

export const metadata: Metadata = { title: 'Activity' };

// max-w-full: a select is as wide as its longest option (a long staff name), and must not widen a phone's page.
const CONTROL = 'max-w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm';

const exportQuery = (filters: ActivityFilters) => {
  const q = new URLSearchParams();
  for (const key of ['actor', 'action', 'from', 'to'] as const) if (filters[key]) q.set(key, filters[key]);
  return q.size ? `?${q}` : '';
};

function hrefFor(filters: ActivityFilters, page: number) {
  const q = new URLSearchParams();
  for (const key of ['actor', 'action', 'from', 'to'] as const) if (filters[key]) q.set(key, filters[key]);
  if (page > 1) q.set('page', String(page));
  return `/activity${q.size ? `?${q}` : ''}`;
}

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireAdmin();
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const filters = activityFiltersSchema.parse(raw);
  const { events, total, people, totalPages } = await agencyActivity(user, filters);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const filtered = Boolean(filters.actor || filters.action || filters.from || filters.to);

  return (
    <>
      <PageHeader title="Activity" description="Who did what in your agency, and when. Only admins see this page." />
      <form method="get" action="/activity" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter activity">
        <label className="flex max-w-full flex-col gap-1 text-sm text-slate-600">
          Person
          <select name="actor" defaultValue={filters.actor ?? ''} className={CONTROL}>
            <option value="">Anyone</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex max-w-full flex-col gap-1 text-sm text-slate-600">
          Action
          <select name="action" defaultValue={filters.action ?? ''} className={CONTROL}>
            <option value="">Any action</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {ACTION_LABELS[a]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex max-w-full flex-col gap-1 text-sm text-slate-600">
          From
          <DateInput name="from" value={filters.from ?? ''} className={CONTROL} />
        </label>
        <label className="flex max-w-full flex-col gap-1 text-sm text-slate-600">
          To
          <DateInput name="to" value={filters.to ?? ''} className={CONTROL} />
        </label>
        <button type="submit" className={buttonClasses('primary')}>
          Filter
        </button>
        {filtered && (
          <Link href="/activity" className={buttonClasses('secondary')}>
            Clear
          </Link>
        )}
        <span className="ml-auto">
          <DownloadLink href={`/api/activity/export${exportQuery(filters)}`}>Export CSV</DownloadLink>
        </span>
      </form>
      {filters.from && filters.to && filters.from > filters.to && (
        <p role="alert" className="mb-4 text-sm text-red-700">
          The “From” date is after the “To” date, so nothing can match.
        </p>
      )}
      <DataList
        caption="Activity"
        footer={
          <>
            {events.length === 0 && (
              <p className="px-4 py-10 text-center text-sm text-slate-500">
                {filtered ? 'No activity matches these filters.' : 'Nothing has happened yet.'}
              </p>
            )}
            <nav
              aria-label="Pagination"
              className="flex items-center justify-between border-t border-slate-100 px-4 py-3 text-sm text-slate-600"
            >
              <span>
                {total === 0 ? 'No events' : `Page ${filters.page} of ${totalPages} · ${total} ${total === 1 ? 'event' : 'events'}`}
              </span>
              <span className="flex gap-2">
                {filters.page > 1 && (
                  <Link href={hrefFor(filters, filters.page - 1)} className={buttonClasses('secondary')}>
                    Previous
                  </Link>
                )}
                {filters.page < totalPages && (
                  <Link href={hrefFor(filters, filters.page + 1)} className={buttonClasses('secondary')}>
                    Next
                  </Link>
                )}
              </span>
            </nav>
          </>
        }
        rows={events.map((e) => {
          const href = targetHref(e.targetType, e.targetId);
          return { event: e, href, target: targetText(e, names), details: detailsText(e.details) };
        })}
        rowKey={(r) => r.event.id}
        columns={[
          {
            label: 'When',
            className: 'whitespace-nowrap text-slate-600',
            cell: (r) => <time dateTime={r.event.createdAt.toISOString()}>{ukDateTime(r.event.createdAt)}</time>,
          },
          { label: 'Who', cell: (r) => r.event.actor?.name ?? 'System' },
          { label: 'What', card: 'primary', cell: (r) => ACTION_LABELS[r.event.action as AuditAction] ?? r.event.action },
          {
            label: 'On',
            cell: (r) =>
              r.href ? (
                <Link href={r.href} className="text-brand-700 hover:underline">
                  {r.target}
                </Link>
              ) : (
                (r.target ?? '—')
              ),
          },
          {
            label: 'Details',
            className: 'max-w-xs truncate text-slate-500',
            cell: (r) => <span title={r.details}>{r.details || '—'}</span>,
          },
        ]}
      />
    </>
  );
}
