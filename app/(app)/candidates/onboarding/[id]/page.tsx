import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { CandidateForm } from '@/components/candidates/candidate-form';
import { PageHeader } from '@/components/ui/page-header';
import { emptyCandidate } from '@/lib/candidates/empty-form';
import type { CandidateForm as Values } from '@/lib/candidates/schema';
import { submissionFor } from '@/lib/onboarding/server';
import { requireUser } from '@/lib/server/auth/current-user';
import { db } from '@/lib/server/db';
import { AskForChanges } from './ask-for-changes';

export const metadata: Metadata = { title: 'Review a candidate’s details' };

/** A submitted self-onboarding form, in the staff form's review step: "Send to Nxsys" creates the candidate once. */
export default async function ReviewSubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const submission = await submissionFor(db, user, id).catch(() => null);
  if (!submission) notFound();
  const empty = emptyCandidate(submission.country);
  const initial = Object.fromEntries(
    Object.entries(empty).map(([section, fields]) => [
      section,
      { ...fields, ...(submission.values[section as keyof typeof submission.values] ?? {}) },
    ]),
  ) as Values;
  return (
    <>
      <PageHeader
        title={`Review ${submission.name}’s details`}
        description="What the candidate typed, as it will be sent to Nxsys. Go back to any step to correct it, or ask them for changes from the list."
      />
      <CandidateForm country={submission.country} initialValues={initial} submission={{ id: submission.id, version: submission.version }} />
      <AskForChanges id={submission.id} />
    </>
  );
}
