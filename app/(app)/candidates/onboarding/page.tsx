import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { listOnboarding } from '@/lib/onboarding/server';
import { requireUser } from '@/lib/server/auth/current-user';
import { db } from '@/lib/server/db';
import { OnboardingInvitations } from './onboarding-invitations';

export const metadata: Metadata = { title: 'Candidate self-onboarding' };

export default async function OnboardingPage() {
  const user = await requireUser();
  return (
    <>
      <PageHeader
        title="Candidate self-onboarding"
        description="Candidates fill in their own details on a secure link; you review them and send them to Nxsys."
      />
      <OnboardingInvitations invitations={await listOnboarding(db, user.agency.id)} />
    </>
  );
}
