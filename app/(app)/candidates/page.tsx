import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CandidatesList } from '@/components/candidates/candidates-list';
import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';

export const metadata: Metadata = { title: 'Candidates' };

export default async function CandidatesPage() {
  await requireUser();
  return (
    <>
      <PageHeader
        title="Candidates"
        description="Your agency's UK and Irish candidates on Nxsys."
        actions={
          <Link href="/candidates/import" className={buttonClasses('secondary')}>
            Import a file
          </Link>
        }
      />
      <Suspense>
        <CandidatesList />
      </Suspense>
    </>
  );
}
