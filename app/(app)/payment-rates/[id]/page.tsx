import type { Metadata } from 'next';
import { NxsysNotice } from '@/components/nxsys-notice';
import { PaymentRateForm } from '@/components/payment-rates/payment-rate-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { attempt } from '@/lib/server/http/api-error';
import { getPaymentRate, vatCodes } from '@/lib/payment-rates/server';
import { fromNxsysRate } from '@/lib/payment-rates/nxsys';

export const metadata: Metadata = { title: 'Payment rate' };

export default async function PaymentRatePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  // The rate and the VAT codes to choose from (cached on the server), read at once.
  const [result, vat] = await Promise.all([attempt(() => getPaymentRate(user, id)), attempt(() => vatCodes(user))]);
  if (!result.ok)
    return (
      <NxsysNotice
        code={result.error.code}
        message={result.error.message}
        back={{ href: '/payment-rates', label: 'Back to payment rates' }}
      />
    );
  const values = fromNxsysRate(result.value);
  return (
    <>
      <PageHeader title={`${values.code} · ${values.description}`} description={id} />
      <PaymentRateForm
        initialValues={values}
        rateId={id}
        readOnlyReason={values.isStatutory ? 'Statutory payment rates are set by Nxsys and cannot be changed.' : undefined}
        vatCodes={vat.ok ? vat.value : null}
        vatCodesError={vat.ok ? undefined : vat.error.message}
      />
    </>
  );
}
