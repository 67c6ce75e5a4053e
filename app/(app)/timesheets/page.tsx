import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TimesheetsList } from '@/components/timesheets/timesheets-list';
import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';

export const metadata: Metadata = { title: 'Timesheets' };

export default async function TimesheetsPage() {
  await requireUser();
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
        <TimesheetsList />
      </Suspense>
    </>
  );
}
