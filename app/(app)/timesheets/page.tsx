import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TimesheetsList } from '@/components/timesheets/timesheets-list';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';

export const metadata: Metadata = { title: 'Timesheets' };

export default async function TimesheetsPage() {
  await requireUser();
  return (
    <>
      <PageHeader title="Timesheets" description="Enter and review your candidates' timesheets." />
      <Suspense>
        <TimesheetsList />
      </Suspense>
    </>
  );
}
