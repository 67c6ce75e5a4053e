import type { Metadata } from 'next';
import { ComingSoon, PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';

export const metadata: Metadata = { title: 'Candidates' };

export default async function Page() {
  await requireUser();
  return (
    <>
      <PageHeader title="Candidates" description="Onboard and edit UK and Irish candidates." />
      <ComingSoon what="This section works through your agency's Nxsys connection and is being built." />
    </>
  );
}
