import type { Metadata } from 'next';
import { ImportWizard } from '@/components/imports/import-wizard';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';

export const metadata: Metadata = { title: 'Import candidates' };

export default async function ImportCandidatesPage() {
  await requireUser();
  return (
    <>
      <PageHeader
        title="Import candidates"
        description="Onboard UK candidates from our template. Every row gets the onboarding form's checks before anything is sent."
      />
      <ImportWizard kind="CANDIDATES" />
    </>
  );
}
