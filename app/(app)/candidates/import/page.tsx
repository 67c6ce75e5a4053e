import type { Metadata } from 'next';
import { ImportWizard } from '@/components/imports/import-wizard';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { rowFilter } from '@/lib/imports/options';

export const metadata: Metadata = { title: 'Import candidates' };

export default async function ImportCandidatesPage({ searchParams }: { searchParams: Promise<{ show?: string | string[] }> }) {
  await requireUser();
  const { show } = await searchParams;
  return (
    <>
      <PageHeader
        title="Import candidates"
        description="Onboard UK candidates from our template: every row gets the onboarding form's checks before anything is sent. A row whose Send onboarding link says Yes (UK or Ireland) is e-mailed a link to fill in their own details instead."
      />
      <ImportWizard kind="CANDIDATES" show={rowFilter(show)} />
    </>
  );
}
