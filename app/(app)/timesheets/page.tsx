import type { Metadata } from 'next';
import { Suspense } from 'react';
import { StepUpPrompt } from '@/components/account/step-up-prompt';
import { apiQueryOf, searchParamsOf } from '@/lib/list/query';
import { TIMESHEETS_DEFAULTS } from '@/lib/timesheets/list-query';
import { TimesheetsList, type TimesheetListRow } from '@/components/timesheets/timesheets-list';
import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { ukDate } from '@/lib/dates';
import { label } from '@/lib/labels';
import { attachedCurrency, formatMoney } from '@/lib/money';
import { ownValue } from '@/lib/own-key';
import { taxPeriodLabel } from '@/lib/tax-period';
import { APPROVE_STATUS_LABELS, nxsysTimesheetSchema } from '@/lib/timesheets/schema';
import { timesheetsWithCandidates } from '@/lib/timesheets/server';
import { requireUser, type CurrentUser } from '@/lib/server/auth/current-user';
import { listResource } from '@/lib/registry';
import { readListPage } from '../read-list-page';

export const metadata: Metadata = { title: 'Timesheets' };

export default async function TimesheetsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const params = searchParamsOf(await searchParams);
  return (
    <>
      <PageHeader
        title="Timesheets"
        description="Enter and review your candidates' timesheets."
        actions={
          <>
            <Link href="/timesheets/week" className={buttonClasses('secondary')}>
              Enter a week
            </Link>
            <Link href="/timesheets/copy" className={buttonClasses('secondary')}>
              Copy to next period
            </Link>
            <Link href="/timesheets/import" className={buttonClasses('secondary')}>
              Import a file
            </Link>
          </>
        }
      />
      <Suspense>
        <TimesheetsPageList user={user} params={params} />
      </Suspense>
      <StepUpPrompt />
    </>
  );
}

/** A timesheet as the list shows it: read with the shared schema and formatted here, so the browser needs neither. */
function rowOf(item: Record<string, unknown>): TimesheetListRow {
  const t = nxsysTimesheetSchema.parse(item);
  const currency = attachedCurrency(item);
  // The name Nxsys sent with the timesheet, else the candidate list's (timesheetsWithCandidates); never made up.
  const listed = typeof item.candidateListName === 'string' ? item.candidateListName : null;
  return {
    id: t.id,
    candidateName: t.subcontractorRef?.fullName ?? listed,
    candidateId: t.subcontractorRef?.id ?? null,
    period: `${ukDate(t.startDate)} – ${ukDate(t.endDate)}`,
    taxPeriod: taxPeriodLabel(t),
    status: t.approveStatus ? (ownValue(APPROVE_STATUS_LABELS, t.approveStatus) ?? label(t.approveStatus)) : '—',
    net: formatMoney(t.totalNet, currency),
    total: formatMoney(t.totalPrices, currency),
  };
}

/**
 * The page of the list the URL asks for, read here (rows in the first HTML, streamed after the header), each
 * timesheet with its currency (from its candidate's country) and its candidate's name; paging, sorting and filters
 * change the URL.
 */
async function TimesheetsPageList({ user, params }: { user: CurrentUser; params: URLSearchParams }) {
  const query = apiQueryOf(params, TIMESHEETS_DEFAULTS);
  const list = await readListPage(async () => {
    const page = await timesheetsWithCandidates(user, await listResource(user, 'timesheets', query));
    return { data: page.data.map((row) => rowOf(row as Record<string, unknown>)), meta: page.meta };
  });
  return <TimesheetsList list={list} statuses={Object.entries(APPROVE_STATUS_LABELS)} />;
}
