import type { Metadata } from 'next';
import { Suspense } from 'react';
import { plainListQuery, searchParamsOf } from '@/components/list/list-query';
import { Prefetched } from '@/components/list/prefetched';
import { PayslipsList } from '@/components/payslips/payslips-list';
import { PageHeader } from '@/components/ui/page-header';
import { attachedCurrency } from '@/lib/money';
import { payslipSchema } from '@/lib/payslips/schema';
import { withCurrencies } from '@/lib/payslips/server';
import { requireUser } from '@/lib/server/auth/current-user';
import { listResource } from '@/lib/server/nxsys/resources';
import { Providers } from '@/components/providers';

export const metadata: Metadata = { title: 'Payslips' };

export default async function PayslipsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  // The first page is read here, read as the browser reads it, and streamed with the page (rows in the first HTML).
  const { query, queryKey } = plainListQuery('payslips', searchParamsOf(await searchParams));
  const load = async () => {
    // As the browser's list reads it: each payslip with its currency (from its candidate's country).
    const page = await withCurrencies(user, await listResource(user, 'payslips', query));
    return { data: page.data.map((row) => ({ ...payslipSchema.parse(row), currency: attachedCurrency(row) })), meta: page.meta };
  };
  return (
    <Providers>
      <PageHeader title="Payslips" description="Review the payslips Nxsys has issued for your candidates." />
      <Suspense>
        <Prefetched queryKey={queryKey} load={load}>
          <PayslipsList />
        </Prefetched>
      </Suspense>
    </Providers>
  );
}
