import type { Metadata } from 'next';
import { NewTimesheetForm } from '@/components/timesheets/timesheet-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { lineOptions } from '@/lib/payment-rates/server';

export const metadata: Metadata = { title: 'New timesheet' };

export default async function NewTimesheetPage() {
  const user = await requireUser();
  const options = await lineOptions(user);
  return (
    <>
      <PageHeader title="New timesheet" description="Totals are worked out as you type and checked against Nxsys when you save." />
      <NewTimesheetForm today={new Date().toISOString().slice(0, 10)} {...options} />
    </>
  );
}
