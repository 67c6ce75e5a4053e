import type { Metadata } from 'next';
import { ImportProgress } from '@/components/imports/import-progress';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { Providers } from '@/components/providers';

export const metadata: Metadata = { title: 'Import' };

export default async function ImportPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const { id } = await params;
  return (
    <Providers>
      <PageHeader title="Import" description="The import runs on the server: you can leave this page and come back." />
      <ImportProgress id={id} />
    </Providers>
  );
}
