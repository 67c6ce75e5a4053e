import type { Metadata } from 'next';
import Link from 'next/link';
import { Invitations } from '@/components/invitations/invitations';
import { SecondFactorsAdmin } from '@/components/staff/second-factors-admin';
import { StaffManager } from '@/components/staff/staff-manager';
import { listPendingInvitations } from '@/lib/invitations/server';
import { db } from '@/lib/server/db';
import { PageHeader } from '@/components/ui/page-header';
import { requireAdmin } from '@/lib/server/auth/current-user';
import { agencySecondFactors, agencyStaff } from '@/lib/staff/server';
import { StepUpPrompt } from '@/components/account/step-up-prompt';

export const metadata: Metadata = { title: 'Staff' };

// Read on every render: a change on this page calls the API and then router.refresh() reads both lists again.
export default async function StaffPage() {
  const user = await requireAdmin();
  const [staff, invitations, secondFactors] = await Promise.all([
    agencyStaff(user.agency.id),
    listPendingInvitations(db, user.agency.id),
    agencySecondFactors(db, user.agency.id),
  ]);
  return (
    <>
      <PageHeader
        title="Staff"
        description="People in your agency who can sign in to the portal."
        actions={
          <Link href="/staff/reminders" className="text-sm text-brand-700 underline">
            Weekly timesheet reminders
          </Link>
        }
      />
      <StaffManager staff={staff} currentUserId={user.id} />
      <Invitations invitations={invitations} />
      <SecondFactorsAdmin {...secondFactors} currentUserId={user.id} />
      <StepUpPrompt />
    </>
  );
}
