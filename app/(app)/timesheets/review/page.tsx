import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { formatTotals } from '@/lib/money';
import { listDrafts, reviewRequired } from '@/lib/timesheets/server';
import { requireAdmin } from '@/lib/server/auth/current-user';
import { ReviewQueue, type QueueRow } from './review-queue';
import { ReviewSetting } from './review-setting';

export const metadata: Metadata = { title: 'Review timesheets' };

/**
 * The admins' queue: timesheets held for review, grouped per worker, totals per currency (never £ + €), each
 * compared with the same worker's previous draft. Read on the server; choosing and approving in the browser.
 */
export default async function ReviewPage() {
  const user = await requireAdmin();
  const [on, { drafts, totals }] = await Promise.all([
    reviewRequired(user.agency.id),
    listDrafts(user, { all: true, status: ['PENDING'] }),
  ]);
  const rows: QueueRow[] = drafts.map((d) => ({
    id: d.id,
    version: d.version,
    worker: d.candidateName ? `${d.candidateName} (${d.candidateId})` : d.candidateId,
    author: d.authorName,
    mine: d.mine,
    source: d.source,
    startDate: d.startDate,
    endDate: d.endDate,
    currency: d.currency,
    hours: d.hours,
    net: d.net,
    previous: d.previous,
  }));
  return (
    <>
      <PageHeader
        title="Review timesheets"
        description="Timesheets entered in the portal wait here until another person approves them; then they are sent to Nxsys."
      />
      <ReviewSetting on={on} />
      <p className="mb-4 text-sm text-slate-700">
        Waiting: {rows.length} · Net before VAT: {formatTotals(totals)}
      </p>
      <ReviewQueue rows={rows} />
    </>
  );
}
