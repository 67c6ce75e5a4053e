import type { Metadata } from 'next';
import { ImportWizard } from '@/components/imports/import-wizard';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { rowFilter } from '@/lib/imports/options';

export const metadata: Metadata = { title: 'Import timesheets' };

export default async function ImportTimesheetsPage({ searchParams }: { searchParams: Promise<{ show?: string | string[] }> }) {
  await requireUser();
  const { show } = await searchParams;
  return (
    <>
      <PageHeader
        title="Import timesheets"
        description="Upload a week's timesheets in Nxsys's template. Every row is checked before anything is sent."
      />
      <ImportWizard kind="TIMESHEETS" show={rowFilter(show)} />
    </>
  );
}
