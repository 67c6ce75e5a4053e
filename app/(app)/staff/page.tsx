import type { Metadata } from 'next';
import { StaffManager } from '@/components/staff/staff-manager';
import { PageHeader } from '@/components/ui/page-header';
import { requireAdmin } from '@/lib/server/auth/current-user';
import { db } from '@/lib/server/db';
import { listStaff } from '@/lib/server/staff';

export const metadata: Metadata = { title: 'Staff' };

export default async function StaffPage() {
  const user = await requireAdmin();
  const staff = await listStaff(db, user.agency.id);
  return (
    <>
      <PageHeader title="Staff" description="People in your agency who can sign in to the portal." />
      <StaffManager initialStaff={staff} currentUserId={user.id} />
    </>
  );
}
