import type { Metadata } from 'next';
import Link from 'next/link';
import { NxsysNotice } from '@/components/nxsys-notice';
import { Card, PageHeader } from '@/components/ui/page-header';
import { formatTotals } from '@/lib/money';
import { runHref } from '@/lib/payslips/review';
import { payRuns } from '@/lib/payslips/server';
import { requireUser } from '@/lib/server/auth/current-user';
import { attempt } from '@/lib/server/http/api-error';
import { label } from '@/lib/labels';
import { taxPeriodLabel } from '@/lib/tax-period';

export const metadata: Metadata = { title: 'Pay runs' };

/** The agency's pay runs, newest first, by tax year (the URL holds the year chosen). */
export default async function PayRunsPage({ searchParams }: { searchParams: Promise<{ year?: string }> }) {
  const user = await requireUser();
  const { year } = await searchParams;
  const result = await attempt(() => payRuns(user));
  const header = (
    <PageHeader
      title="Pay runs"
      description="Each run's payslips beside the timesheets they pay, with the differences to check. Totals are per currency."
    />
  );
  if (!result.ok)
    return (
      <>
        {header}
        <NxsysNotice code={result.error.code} message={result.error.message} />
      </>
    );
  const years = [...new Set(result.value.map((r) => r.run.taxYear))];
  const chosen = years.includes(Number(year)) ? Number(year) : (years[0] ?? null);
  const runs = result.value.filter((r) => r.run.taxYear === chosen);
  return (
    <>
      {header}
      <Card>
        {years.length > 1 && (
          <nav aria-label="Tax years" className="mb-4 flex flex-wrap gap-2 text-sm">
            {years.map((y) => (
              <Link
                key={y}
                href={`/payslips/runs?year=${y}`}
                aria-current={y === chosen ? 'page' : undefined}
                className={`rounded-md border px-2 py-1 ${y === chosen ? 'border-brand-600 bg-brand-50 font-medium' : 'border-slate-300'}`}
              >
                {taxPeriodLabel({ taxYear: y, taxPeriod: null })}
              </Link>
            ))}
          </nav>
        )}
        {runs.length === 0 ? (
          <p className="text-sm text-slate-600">No payslips yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200" data-testid="pay-runs">
            {runs.map((r) => (
              <li key={`${r.run.taxPeriod}-${r.run.payFrequency ?? ''}`} className="py-3 text-sm">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <Link href={runHref(r.run)} className="font-medium text-brand-700 underline">
                    {taxPeriodLabel(r.run)}
                    {r.run.payFrequency ? ` (${label(r.run.payFrequency).toLowerCase()})` : ''}
                  </Link>
                  <span data-testid="run-status" className={r.open ? 'font-medium text-amber-800' : 'text-emerald-800'}>
                    {r.differenceKeys.length === 0
                      ? 'No differences'
                      : r.open === 0
                        ? 'All checked'
                        : `${r.open} of ${r.differenceKeys.length} differences open`}
                  </span>
                </div>
                <p className="mt-1 break-words text-slate-600">
                  {r.count} payslip{r.count === 1 ? '' : 's'} · timesheet value{' '}
                  <span className="tabular-nums">{formatTotals(r.totals.timesheetValue)}</span> · margin{' '}
                  <span className="tabular-nums">{formatTotals(r.totals.margin)}</span> · gross{' '}
                  <span className="tabular-nums">{formatTotals(r.totals.gross)}</span>
                </p>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
