import type { Metadata } from 'next';
import { WeeklyGrid } from '@/components/timesheets/weekly-grid';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { lineOptions } from '@/lib/payment-rates/server';

export const metadata: Metadata = { title: 'Enter a week' };

export default async function WeekPage() {
  const user = await requireUser();
  const options = await lineOptions(user);
  return (
    <>
      <PageHeader
        title="Enter a week"
        description="Hours per day for each payment code; saved as one timesheet for the week, with the right tax period."
      />
      <WeeklyGrid today={new Date().toISOString().slice(0, 10)} {...options} />
    </>
  );
}
