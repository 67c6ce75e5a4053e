import type { Metadata } from 'next';
import { CandidateForm } from '@/components/candidates/candidate-form';
import { NxsysNotice } from '@/components/nxsys-notice';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { attempt } from '@/lib/server/http/api-error';
import { getCandidate } from '@/lib/candidates/server';
import { fromNxsysCandidate } from '@/lib/candidates/nxsys';

export const metadata: Metadata = { title: 'Edit candidate' };

export default async function EditCandidatePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ country?: string }>;
}) {
  const user = await requireUser();
  const { id } = await params;
  const country = (await searchParams).country === 'ie' ? 'ie' : 'uk';
  const result = await attempt(() => getCandidate(user, id, country));
  if (!result.ok)
    return (
      <NxsysNotice
        code={result.error.code}
        message={result.error.message}
        back={{ href: `/candidates?country=${country}`, label: 'Back to candidates' }}
      />
    );
  if (result.value.source === 'list') {
    // Saving sends every field: from the list item alone that would blank what Nxsys holds.
    return (
      <NxsysNotice
        code="nxsys_not_found"
        message="This Nxsys does not offer a read of one UK candidate, so the candidate cannot be edited from the portal."
      />
    );
  }
  const values = fromNxsysCandidate(country, result.value.raw);
  return (
    <>
      <PageHeader title={`Edit ${values.generalSetting.forename} ${values.generalSetting.surname}`} description={id} />
      <CandidateForm country={country} initialValues={values} candidateId={id} />
    </>
  );
}
