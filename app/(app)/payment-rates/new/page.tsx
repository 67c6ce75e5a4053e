import type { Metadata } from 'next';
import { PaymentRateForm } from '@/components/payment-rates/payment-rate-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { emptyPaymentRate } from '@/lib/payment-rates/schema';
import { Providers } from '@/components/providers';

export const metadata: Metadata = { title: 'New payment rate' };

export default async function NewPaymentRatePage() {
  await requireUser();
  return (
    <Providers>
      <PageHeader title="New payment rate" />
      <PaymentRateForm initialValues={emptyPaymentRate} />
    </Providers>
  );
}
