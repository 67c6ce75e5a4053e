import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CandidatesList, type CandidateRow, type RightToWorkStatus } from '@/components/candidates/candidates-list';
import { candidatesListQuery } from '@/lib/candidates/list-query';
import { searchParamsOf } from '@/lib/list/query';
import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser, type CurrentUser } from '@/lib/server/auth/current-user';
import { listResource } from '@/lib/registry';
import { readListPage } from '../read-list-page';
import { StepUpPrompt } from '@/components/account/step-up-prompt';

export const metadata: Metadata = { title: 'Candidates' };

/** What the list shows of a candidate, as Nxsys sent it (a field Nxsys did not send stays absent). */
const ROW_FIELDS = [
  'id',
  'fullName',
  'forename',
  'surname',
  'email',
  'mobile',
  'NINumber',
  'eircode',
  'status',
  'registrationStatus',
] as const;
const rowOf = (item: Record<string, unknown>): CandidateRow =>
  Object.fromEntries(ROW_FIELDS.filter((f) => typeof item[f] === 'string').map((f) => [f, item[f]])) as unknown as CandidateRow;

export default async function CandidatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const params = searchParamsOf(await searchParams);
  return (
    <>
      <PageHeader
        title="Candidates"
        description="Your agency's UK and Irish candidates on Nxsys."
        actions={
          <>
            <Link href="/candidates/onboarding" className={buttonClasses('secondary')}>
              Self-onboarding links
            </Link>
            <Link href="/candidates/import" className={buttonClasses('secondary')}>
              Import a file
            </Link>
          </>
        }
      />
      <Suspense>
        <CandidatesPageList user={user} params={params} />
      </Suspense>
      <StepUpPrompt />
    </>
  );
}

/**
 * The page of the list the URL asks for, read here (rows in the first HTML, streamed after the header); paging,
 * search and filters change the URL and Next renders this again with the new parameters.
 */
async function CandidatesPageList({ user, params }: { user: CurrentUser; params: URLSearchParams }) {
  const { apiQuery, resource } = candidatesListQuery(params);
  const read = await readListPage(async () => {
    const page = await listResource(user, resource, apiQuery);
    const rightToWork = 'rightToWork' in page ? (page.rightToWork as RightToWorkStatus) : null;
    return { data: page.data.map((item) => rowOf(item as Record<string, unknown>)), meta: page.meta, rightToWork };
  });
  if (read.error) return <CandidatesList list={read} />;
  const { rightToWork, ...list } = read;
  return <CandidatesList list={list} rightToWork={rightToWork} />;
}
