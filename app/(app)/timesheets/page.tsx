import type { Metadata } from 'next';
import { Suspense } from 'react';
import { plainListQuery, searchParamsOf, TIMESHEETS_DEFAULTS } from '@/components/list/list-query';
import { Prefetched } from '@/components/list/prefetched';
import { TimesheetsList } from '@/components/timesheets/timesheets-list';
import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { attachedCurrency } from '@/lib/money';
import { nxsysTimesheetSchema } from '@/lib/timesheets/schema';
import { timesheetsWithCurrencies } from '@/lib/timesheets/server';
import { requireUser } from '@/lib/server/auth/current-user';
import { listResource } from '@/lib/server/nxsys/resources';
import { Providers } from '@/components/providers';

export const metadata: Metadata = { title: 'Timesheets' };

export default async function TimesheetsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  // The first page is read here, read as the browser reads it, and streamed with the page (rows in the first HTML).
  const { query, queryKey } = plainListQuery('timesheets', searchParamsOf(await searchParams), TIMESHEETS_DEFAULTS);
  const load = async () => {
    // As the browser's list reads it: each timesheet with its currency (from its candidate's country).
    const page = await timesheetsWithCurrencies(user, await listResource(user, 'timesheets', query));
    return { data: page.data.map((row) => ({ ...nxsysTimesheetSchema.parse(row), currency: attachedCurrency(row) })), meta: page.meta };
  };
  return (
    <Providers>
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
        <Prefetched queryKey={queryKey} load={load}>
          <TimesheetsList />
        </Prefetched>
      </Suspense>
    </Providers>
  );
}
