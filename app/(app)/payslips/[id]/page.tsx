import type { Metadata } from 'next';
import Link from 'next/link';
import { NxsysNotice } from '@/components/nxsys-notice';
import { PrintButton } from '@/components/payslips/print-button';
import { DownloadLink } from '@/components/ui/download-link';
import { Card, PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { attempt } from '@/lib/server/http/api-error';
import { getPayslip, payslipCurrency } from '@/lib/payslips/server';
import { formatMoney } from '@/lib/money';
import { label } from '@/lib/labels';
import { taxPeriodLabel } from '@/lib/tax-period';
import { ukDate } from '@/lib/dates';
import { PAYSLIP_BREAKDOWN, payslipHref } from '@/lib/payslips/schema';

export const metadata: Metadata = { title: 'Payslip' };

export default async function PayslipPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ taxYear?: string; taxPeriod?: string }>;
}) {
  const user = await requireUser();
  const { id } = await params;
  const hints = await searchParams;
  const result = await attempt(() => getPayslip(user, id, hints));
  if (!result.ok)
    return <NxsysNotice code={result.error.code} message={result.error.message} back={{ href: '/payslips', label: 'Back to payslips' }} />;
  const p = result.value;
  // Payslips carry no country: the candidate's list tells (an Irish candidate is paid in euro); unknown → no symbol.
  const { country, currency } = await payslipCurrency(user, p);
  const money = (value: string | null) => formatMoney(value, currency);
  // Irish payslips: PRSI, not National Insurance.
  const rowLabel = (text: string) => (country === 'ie' ? text.replace('National Insurance', 'PRSI') : text);
  const pdfHref = payslipHref(p, 'pdf');
  // Only what Nxsys sent: the documented payslip item has the candidate's name, not their id or a pay date.
  const details: [string, React.ReactNode][] = [
    [
      'Candidate',
      p.candidateId ? (
        <Link href={`/candidates/${p.candidateId}${country ? `?country=${country}` : ''}`} className="text-brand-700 underline">
          {p.candidateName ?? p.candidateId}
        </Link>
      ) : (
        (p.candidateName ?? '—')
      ),
    ],
    ['Agency', p.agencyName ?? '—'],
    ['Currency', currency === 'EUR' ? 'Euro (Irish candidate)' : currency === 'GBP' ? 'Pounds sterling (UK candidate)' : 'Not known'],
    ['Tax period', taxPeriodLabel(p)],
    ['Pay date', ukDate(p.payDate)],
    ['Pay frequency', p.payFrequency ? label(p.payFrequency) : '—'],
    ['Payment model', p.paymentModel ? label(p.paymentModel) : '—'],
    [
      'Timesheet',
      p.timesheetId ? (
        <Link href={`/timesheets/${p.timesheetId}`} className="text-brand-700 underline">
          {p.timesheetId}
        </Link>
      ) : (
        '—'
      ),
    ],
  ];
  return (
    <article>
      <PageHeader
        title={`Payslip ${p.id}`}
        description={[p.candidateName, taxPeriodLabel(p)].filter(Boolean).join(' · ')}
        actions={
          <div className="no-print flex gap-2">
            <PrintButton />
            <DownloadLink href={pdfHref} variant="primary">
              Download PDF
            </DownloadLink>
          </div>
        }
      />
      <div className="grid gap-4 lg:grid-cols-[20rem_1fr] print:block">
        <Card className="h-fit print:mb-4 print:border-0 print:shadow-none">
          <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
            {details.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-500">{k}</dt>
                <dd data-testid={`payslip-${k.toLowerCase().replace(/\s+/g, '-')}`}>{v}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card className="print:border-0 print:shadow-none">
          <table className="w-full text-sm">
            <caption className="sr-only">Payslip breakdown</caption>
            {PAYSLIP_BREAKDOWN.map((section, index) => (
              <tbody key={section.title}>
                <tr>
                  <th
                    scope="rowgroup"
                    colSpan={2}
                    className={`pb-1 ${index ? 'pt-4' : ''} text-left text-xs font-semibold tracking-wide text-slate-500 uppercase`}
                  >
                    {section.title}
                  </th>
                </tr>
                {section.rows.map(([key, text]) => (
                  <tr key={key}>
                    <th scope="row" className="py-1 pl-2 text-left font-normal text-slate-700">
                      {rowLabel(text)}
                    </th>
                    <td className="py-1 text-right tabular-nums" data-testid={`payslip-${key}`}>
                      {money(p.figures[key])}
                    </td>
                  </tr>
                ))}
              </tbody>
            ))}
            <tfoot>
              <tr className="border-t-2 border-slate-300">
                <th scope="row" className="pt-3 text-left text-base font-semibold">
                  Net pay
                </th>
                <td className="pt-3 text-right text-lg font-semibold tabular-nums" data-testid="net-pay">
                  {money(p.figures.net)}
                </td>
              </tr>
            </tfoot>
          </table>
        </Card>
      </div>
      <p className="no-print mt-6 text-sm">
        <Link
          href={
            p.candidateId
              ? `/payslips?${new URLSearchParams({ subcontractorIds: p.candidateId, candidateName: p.candidateName ?? '' })}`
              : '/payslips'
          }
          className="text-brand-700 underline"
        >
          Back to payslips
        </Link>
      </p>
    </article>
  );
}
