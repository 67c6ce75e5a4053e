import type { Metadata } from 'next';
import { AcceptInvitationForm } from '@/components/invitations/accept-invitation-form';
import { PublicCard } from '@/components/account/public-card';
import { openInvitation } from '@/lib/invitations/server';
import { db } from '@/lib/server/db';

export const metadata: Metadata = { title: 'Accept your invitation' };

export default async function InvitationPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const invitation = await openInvitation(db, typeof token === 'string' ? token : undefined);
  if (!invitation || !token) {
    return (
      <PublicCard title="Invitation">
        <p role="alert" className="text-sm text-slate-700">
          This invitation link has expired, has been used or was revoked. Ask an admin of your agency to send you a new one.
        </p>
        <p className="mt-4 text-sm">
          <a href="/sign-in" className="text-brand-700 underline">
            Go to sign in
          </a>
        </p>
      </PublicCard>
    );
  }
  return (
    <PublicCard title={`Join ${invitation.agencyName}`} subtitle={`Welcome, ${invitation.name}. Choose a password to finish.`}>
      <AcceptInvitationForm token={token} email={invitation.email} />
    </PublicCard>
  );
}
