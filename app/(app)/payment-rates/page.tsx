import type { Metadata } from 'next';
import { Suspense } from 'react';
import { apiQueryOf, searchParamsOf } from '@/lib/list/query';
import { PaymentRatesList, type RateRow } from '@/components/payment-rates/payment-rates-list';
import { PAYMENT_RATES_DEFAULTS } from '@/lib/payment-rates/list-query';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser, type CurrentUser } from '@/lib/server/auth/current-user';
import { listResource } from '@/lib/registry';
import { readListPage } from '../read-list-page';

export const metadata: Metadata = { title: 'Payment rates' };

export default async function PaymentRatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const params = searchParamsOf(await searchParams);
  return (
    <>
      <PageHeader title="Payment rates" description="Pay elements and their default VAT codes. The amount goes on each timesheet line." />
      <Suspense>
        <PaymentRatesPageList user={user} params={params} />
      </Suspense>
    </>
  );
}

/** The page of the list the URL asks for, read here (rows in the first HTML); see the candidates page. */
async function PaymentRatesPageList({ user, params }: { user: CurrentUser; params: URLSearchParams }) {
  const query = apiQueryOf(params, PAYMENT_RATES_DEFAULTS);
  const list = await readListPage(async () => {
    const page = await listResource(user, 'payment-rates', query);
    return { data: page.data as unknown as RateRow[], meta: page.meta };
  });
  return <PaymentRatesList list={list} />;
}
