import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { PublicCard } from '@/components/account/public-card';
import { CandidateForm } from '@/components/candidates/candidate-form';
import { emptyCandidate } from '@/lib/candidates/empty-form';
import type { CandidateForm as Values } from '@/lib/candidates/schema';
import { label, paymentModelLabel } from '@/lib/labels';
import { openOnboarding, takeLinkAttempt } from '@/lib/onboarding/server';
import { db } from '@/lib/server/db';

export const metadata: Metadata = { title: 'Your details', referrer: 'no-referrer' };

/** Where each setting the agency may decide lives in the form. */
const LOCKABLE = {
  payFrequency: 'generalSetting.payFrequency',
  paymentModel: 'payrollSetting.paymentModel',
  scheme: 'pensionSetting.scheme',
  optState: 'pensionSetting.optState',
} as const;

/** The candidate's own onboarding form (no account): the link's token is the credential. */
export default async function OnboardPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const opened = await takeLinkAttempt(db, await headers(), token)
    .then(() => openOnboarding(db, token))
    .catch(() => null);
  if (!opened) {
    return (
      <PublicCard title="Your details">
        <p role="alert" className="text-base text-slate-700">
          This link no longer works: it has expired, was replaced by a newer one, or your details were already sent. Ask the agency for a
          new link if you still need one.
        </p>
      </PublicCard>
    );
  }
  // The empty form, what the candidate saved last time, then the agency's settings on top (read-only).
  const empty = emptyCandidate(opened.country);
  const initial = Object.fromEntries(
    Object.entries(empty).map(([section, fields]) => [
      section,
      { ...fields, ...(opened.draft[section as keyof typeof opened.draft] ?? {}) },
    ]),
  ) as Values;
  const locked: string[] = [];
  for (const [setting, path] of Object.entries(LOCKABLE)) {
    const value = opened.agencySettings[setting as keyof typeof LOCKABLE];
    if (!value) continue;
    const [section, field] = path.split('.') as [keyof Values, string];
    (initial[section] as Record<string, unknown>)[field] = value;
    locked.push(path);
  }
  const set = Object.entries(opened.agencySettings).filter(([, v]) => v);
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <h1 className="text-2xl font-semibold text-slate-900">Your details for {opened.agencyName}</h1>
      <p className="mt-2 text-base text-slate-700">
        Hello {opened.name}. Fill in each step; your answers are kept as you go, so you can stop and come back on the same link. Check
        everything on the last step, then submit. Nothing reaches payroll until the agency has checked it.
      </p>
      {set.length > 0 && (
        <p className="mt-2 text-sm text-slate-600">
          Already set by the agency: {set.map(([k, v]) => (k === 'paymentModel' ? paymentModelLabel(v) : label(v))).join(', ')}.
        </p>
      )}
      <div className="mt-6">
        <CandidateForm country={opened.country} initialValues={initial} selfService={{ token, locked }} />
      </div>
    </main>
  );
}
