import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CandidatesList } from '@/components/candidates/candidates-list';
import { candidatesListQuery } from '@/components/candidates/candidates-query';
import { searchParamsOf } from '@/components/list/list-query';
import { Prefetched } from '@/components/list/prefetched';
import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { listResource } from '@/lib/server/nxsys/resources';
import { Providers } from '@/components/providers';

export const metadata: Metadata = { title: 'Candidates' };

export default async function CandidatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  // The first page is read here and streamed with the page (rows in the first HTML); paging, search and filters
  // then run in the browser as before.
  const { apiQuery, resource, queryKey } = candidatesListQuery(searchParamsOf(await searchParams));
  return (
    <Providers>
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
        <Prefetched queryKey={queryKey} load={() => listResource(user, resource, apiQuery)}>
          <CandidatesList />
        </Prefetched>
      </Suspense>
    </Providers>
  );
}
