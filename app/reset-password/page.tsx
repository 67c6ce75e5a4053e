import type { Metadata } from 'next';
import { PublicCard } from '@/components/account/public-card';
import { ResetPasswordForm } from '@/components/account/reset-password-form';
import { resetLinkUsable } from '@/lib/account/server';
import { db } from '@/lib/server/db';

export const metadata: Metadata = { title: 'Choose a new password' };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const usable = typeof token === 'string' && (await resetLinkUsable(db, token));
  if (!usable) {
    return (
      <PublicCard title="Choose a new password">
        <p role="alert" className="text-sm text-slate-700">
          This link has expired or has already been used. Reset links work once, for 30 minutes.
        </p>
        <p className="mt-4 text-sm">
          <a href="/forgot-password" className="text-brand-700 underline">
            Ask for a new link
          </a>
        </p>
      </PublicCard>
    );
  }
  return (
    <PublicCard title="Choose a new password" subtitle="You will be signed out everywhere.">
      <ResetPasswordForm token={token} />
    </PublicCard>
  );
}
