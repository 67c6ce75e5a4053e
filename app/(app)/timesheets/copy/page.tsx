import type { Metadata } from 'next';
import { CopyToNextPeriod } from '@/components/timesheets/copy-to-next-period';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { Providers } from '@/components/providers';

export const metadata: Metadata = { title: 'Copy to next period' };

export default async function CopyTimesheetsPage() {
  await requireUser();
  return (
    <Providers>
      <PageHeader
        title="Copy to next period"
        description="Choose last period's timesheets, check the copies, and send them: the same lines, dated one period later."
      />
      <CopyToNextPeriod today={new Date().toISOString().slice(0, 10)} />
    </Providers>
  );
}
