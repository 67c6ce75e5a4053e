import type { Metadata } from 'next';
import { Invitations } from '@/components/staff/invitations';
import { StaffManager } from '@/components/staff/staff-manager';
import { listPendingInvitations } from '@/lib/invitations/server';
import { db } from '@/lib/server/db';
import { PageHeader } from '@/components/ui/page-header';
import { requireAdmin } from '@/lib/server/auth/current-user';
import { agencyStaff } from '@/lib/staff/server';
import { Providers } from '@/components/providers';

export const metadata: Metadata = { title: 'Staff' };

export default async function StaffPage() {
  const user = await requireAdmin();
  const [staff, invitations] = await Promise.all([agencyStaff(user.agency.id), listPendingInvitations(db, user.agency.id)]);
  return (
    <Providers>
      <PageHeader title="Staff" description="People in your agency who can sign in to the portal." />
      <StaffManager initialStaff={staff} currentUserId={user.id} />
      <Invitations initialInvitations={invitations} />
    </Providers>
  );
}
