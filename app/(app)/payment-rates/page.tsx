import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PaymentRatesList } from '@/components/payment-rates/payment-rates-list';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';

export const metadata: Metadata = { title: 'Payment rates' };

export default async function PaymentRatesPage() {
  await requireUser();
  return (
    <>
      <PageHeader title="Payment rates" description="Pay elements and their default VAT codes. The amount goes on each timesheet line." />
      <Suspense>
        <PaymentRatesList />
      </Suspense>
    </>
  );
}
