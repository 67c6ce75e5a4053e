import type { Metadata } from 'next';
import { ComingSoon, PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';

export const metadata: Metadata = { title: 'Timesheets' };

export default async function Page() {
  await requireUser();
  return (
    <>
      <PageHeader title="Timesheets" description="Enter and review timesheets." />
      <ComingSoon what="This section works through your agency's Nxsys connection and is being built." />
    </>
  );
}
