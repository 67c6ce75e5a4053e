import type { Metadata } from 'next';
import { CandidateForm } from '@/components/candidates/candidate-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { emptyCandidate } from '@/lib/candidates/empty-form';

export const metadata: Metadata = { title: 'Onboard candidate' };

export default async function NewCandidatePage({ searchParams }: { searchParams: Promise<{ country?: string }> }) {
  await requireUser();
  const country = (await searchParams).country === 'ie' ? 'ie' : 'uk';
  return (
    <>
      <PageHeader
        title={`Onboard ${country === 'uk' ? 'a UK' : 'an Irish'} candidate`}
        description="Step through each section; nothing is sent to Nxsys until you confirm on the last step."
      />
      <CandidateForm country={country} initialValues={emptyCandidate(country)} />
    </>
  );
}
