import type { Metadata } from 'next';
import { PaymentRateForm } from '@/components/payment-rates/payment-rate-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { attempt } from '@/lib/server/http/api-error';
import { vatCodes } from '@/lib/payment-rates/server';
import { emptyPaymentRate } from '@/lib/payment-rates/empty-form';

export const metadata: Metadata = { title: 'New payment rate' };

export default async function NewPaymentRatePage() {
  const user = await requireUser();
  const vat = await attempt(() => vatCodes(user));
  return (
    <>
      <PageHeader title="New payment rate" />
      <PaymentRateForm
        initialValues={emptyPaymentRate}
        vatCodes={vat.ok ? vat.value : null}
        vatCodesError={vat.ok ? undefined : vat.error.message}
      />
    </>
  );
}
