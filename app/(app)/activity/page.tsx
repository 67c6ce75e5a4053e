import type { Metadata } from 'next';
import { ComingSoon, PageHeader } from '@/components/ui/page-header';
import { requireAdmin } from '@/lib/server/auth/current-user';

export const metadata: Metadata = { title: 'Activity' };

export default async function ActivityPage() {
  await requireAdmin();
  return (
    <>
      <PageHeader title="Activity" description="Who did what in your agency, and when." />
      <ComingSoon what="The activity log viewer is being built; events are already being recorded." />
    </>
  );
}
