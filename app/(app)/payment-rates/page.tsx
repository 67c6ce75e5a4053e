import type { Metadata } from 'next';
import { Suspense } from 'react';
import { searchParamsOf } from '@/components/list/list-query';
import { Prefetched } from '@/components/list/prefetched';
import { PaymentRatesList } from '@/components/payment-rates/payment-rates-list';
import { paymentRatesListQuery } from '@/components/payment-rates/payment-rates-query';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { listResource } from '@/lib/server/nxsys/resources';
import { Providers } from '@/components/providers';

export const metadata: Metadata = { title: 'Payment rates' };

export default async function PaymentRatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  // The first page is read here and streamed with the page (rows in the first HTML); see the candidates page.
  const { query, queryKey } = paymentRatesListQuery(searchParamsOf(await searchParams));
  return (
    <Providers>
      <PageHeader title="Payment rates" description="Pay elements and their default VAT codes. The amount goes on each timesheet line." />
      <Suspense>
        <Prefetched queryKey={queryKey} load={() => listResource(user, 'payment-rates', query)}>
          <PaymentRatesList />
        </Prefetched>
      </Suspense>
    </Providers>
  );
}
