import type { Metadata } from 'next';
import { ImportProgress } from '@/components/imports/import-progress';
import { NxsysNotice } from '@/components/nxsys-notice';
import { PageHeader } from '@/components/ui/page-header';
import { importStatus } from '@/lib/imports/server';
import { requireUser } from '@/lib/server/auth/current-user';
import { attempt } from '@/lib/server/http/api-error';

export const metadata: Metadata = { title: 'Import' };

/** An import's progress, rendered on the server as it stands; the client reads it again while the job runs. */
export default async function ImportPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const result = await attempt(() => importStatus(user, id));
  return (
    <>
      <PageHeader title="Import" description="The import runs on the server: you can leave this page and come back." />
      {result.ok ? (
        <ImportProgress initial={result.value} />
      ) : (
        <NxsysNotice code={result.error.code} message={result.error.message} back={{ href: '/timesheets', label: 'Back to timesheets' }} />
      )}
    </>
  );
}
