import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PayslipsList } from '@/components/payslips/payslips-list';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';

export const metadata: Metadata = { title: 'Payslips' };

export default async function PayslipsPage() {
  await requireUser();
  return (
    <>
      <PageHeader title="Payslips" description="Review the payslips Nxsys has issued for your candidates." />
      <Suspense>
        <PayslipsList />
      </Suspense>
    </>
  );
}
