import type { Metadata } from 'next';
import { ImportWizard } from '@/components/imports/import-wizard';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { Providers } from '@/components/providers';

export const metadata: Metadata = { title: 'Import candidates' };

export default async function ImportCandidatesPage() {
  await requireUser();
  return (
    <Providers>
      <PageHeader
        title="Import candidates"
        description="Onboard UK candidates from our template. Every row gets the onboarding form's checks before anything is sent."
      />
      <ImportWizard kind="CANDIDATES" />
    </Providers>
  );
}
