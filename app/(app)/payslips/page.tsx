import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { apiQueryOf, searchParamsOf } from '@/lib/list/query';
import { PayslipsList, type PayslipListRow } from '@/components/payslips/payslips-list';
import { PageHeader } from '@/components/ui/page-header';
import { ukDate } from '@/lib/dates';
import { paymentModelLabel } from '@/lib/labels';
import { attachedCurrency, formatMoney, formatTotals, totalsByCurrency, type Currency } from '@/lib/money';
import { payslipHref, payslipSchema, type Payslip } from '@/lib/payslips/schema';
import { withCurrencies } from '@/lib/payslips/server';
import { taxPeriodLabel } from '@/lib/tax-period';
import { requireUser, type CurrentUser } from '@/lib/server/auth/current-user';
import { listResource } from '@/lib/registry';
import { readListPage } from '../read-list-page';
import { StepUpPrompt } from '@/components/account/step-up-prompt';

export const metadata: Metadata = { title: 'Payslips' };

export default async function PayslipsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const params = searchParamsOf(await searchParams);
  return (
    <>
      <PageHeader
        title="Payslips"
        description="Review the payslips Nxsys has issued for your candidates."
        actions={
          <Link href="/payslips/runs" className="text-sm font-medium text-brand-700 underline">
            Pay runs: check each run against its timesheets
          </Link>
        }
      />
      <Suspense>
        <PayslipsPageList user={user} params={params} />
      </Suspense>
      <StepUpPrompt />
    </>
  );
}

/** A payslip as the list shows it: read with the shared schema and formatted here, so the browser needs neither. */
function rowOf(p: Payslip, currency: Currency | null): PayslipListRow {
  return {
    id: p.id,
    href: payslipHref(p),
    candidateName: p.candidateName,
    candidateId: p.candidateId,
    taxPeriod: taxPeriodLabel(p),
    payDate: ukDate(p.payDate),
    model: paymentModelLabel(p.paymentModel),
    gross: formatMoney(p.figures.gross, currency),
    net: formatMoney(p.figures.net, currency),
  };
}

/**
 * The page of the list the URL asks for, read here (rows in the first HTML, streamed after the header), each
 * payslip with its currency (from its candidate's country); paging and filters change the URL.
 */
async function PayslipsPageList({ user, params }: { user: CurrentUser; params: URLSearchParams }) {
  const query = apiQueryOf(params);
  const list = await readListPage(async () => {
    const page = await withCurrencies(user, await listResource(user, 'payslips', query));
    const payslips = page.data.map((item) => ({ p: payslipSchema.parse(item), currency: attachedCurrency(item) }));
    // The page's totals, one sum per currency (pounds and euro are never added; an unknown currency stays apart).
    const total = (field: 'gross' | 'net') =>
      formatTotals(totalsByCurrency(payslips.map(({ p, currency }) => ({ amount: p.figures[field], currency }))));
    return {
      data: payslips.map(({ p, currency }) => rowOf(p, currency)),
      meta: page.meta,
      totals: payslips.length > 0 ? { gross: total('gross'), net: total('net') } : null,
    };
  });
  return <PayslipsList list={list} totals={list.error ? null : list.totals} />;
}
