import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { NxsysNotice } from '@/components/nxsys-notice';
import { CheckDifference } from '@/components/payslips/check-difference';
import { DownloadLink } from '@/components/ui/download-link';
import { Card, PageHeader } from '@/components/ui/page-header';
import { ukDate, ukDateTime } from '@/lib/dates';
import { formatMoney, formatTotals } from '@/lib/money';
import { DIFFERENCE_LABELS, runFromUrl, runHref, type Difference, type Match } from '@/lib/payslips/review';
import { payslipHref } from '@/lib/payslips/schema';
import { payRunReview, type PayslipCheckMark } from '@/lib/payslips/server';
import { requireUser } from '@/lib/server/auth/current-user';
import { attempt } from '@/lib/server/http/api-error';
import { label } from '@/lib/labels';
import { taxPeriodLabel } from '@/lib/tax-period';
import { StepUpPrompt } from '@/components/account/step-up-prompt';

export const metadata: Metadata = { title: 'Pay run' };

const matchText = (m: Match) =>
  m.how === 'id'
    ? 'by id'
    : m.how === 'name'
      ? 'by name'
      : m.how === 'ambiguous'
        ? `not matched: the name belongs to ${m.candidateIds.length} candidates`
        : 'not matched: no candidate of this name';

/** A table that scrolls sideways inside its card on a phone, never the page. */
function Scroll({ label: name, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={name} tabIndex={0} className="-mx-5 overflow-x-auto px-5">
      {children}
    </div>
  );
}

export default async function PayRunPage({
  params,
  searchParams,
}: {
  params: Promise<{ year: string; period: string }>;
  searchParams: Promise<{ frequency?: string }>;
}) {
  const user = await requireUser();
  const { year, period } = await params;
  const run = runFromUrl(year, period, (await searchParams).frequency);
  if (!run) notFound();
  const title = `Pay run ${taxPeriodLabel(run)}${run.payFrequency ? ` (${label(run.payFrequency).toLowerCase()})` : ''}`;
  const result = await attempt(() => payRunReview(user, run));
  if (!result.ok)
    return (
      <>
        <PageHeader title={title} />
        <NxsysNotice code={result.error.code} message={result.error.message} back={{ href: '/payslips/runs', label: 'Back to pay runs' }} />
      </>
    );
  const review = result.value;
  const checkAction = runHref(run, 'checks');
  const status =
    review.differences.length === 0
      ? 'No differences'
      : review.open === 0
        ? 'All checked'
        : `${review.open} of ${review.differences.length} differences open`;
  return (
    <>
      <PageHeader
        title={title}
        description={`${review.rows.length} payslips beside the timesheets of ${taxPeriodLabel(run)}. Money is in each candidate's currency; totals are per currency.`}
        actions={
          <div className="flex flex-wrap gap-2">
            <DownloadLink href={runHref(run, 'export.csv')}>Export CSV</DownloadLink>
            <DownloadLink href={runHref(run, 'export.xlsx')}>Export XLSX</DownloadLink>
            <DownloadLink href={runHref(run, 'payslips.zip')}>Payslip PDFs (ZIP)</DownloadLink>
          </div>
        }
      />
      <div className="space-y-4">
        <Card>
          <p className={`text-lg font-semibold ${review.open ? 'text-amber-800' : 'text-emerald-800'}`} data-testid="run-status">
            {status}
          </p>
          <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="text-slate-500">Timesheet value</dt>
            <dd className="tabular-nums" data-testid="run-total-value">
              {formatTotals(review.totals.timesheetValue)}
            </dd>
            <dt className="text-slate-500">Margin</dt>
            <dd className="tabular-nums">{formatTotals(review.totals.margin)}</dd>
            <dt className="text-slate-500">Gross pay</dt>
            <dd className="tabular-nums">{formatTotals(review.totals.gross)}</dd>
          </dl>
          <p className="mt-2 text-sm">
            <Link href="/payslips/runs" className="text-brand-700 underline">
              All pay runs
            </Link>
          </p>
        </Card>

        {review.differences.length > 0 && (
          <Card>
            <h2 className="font-medium">Differences</h2>
            <ul className="mt-2 divide-y divide-slate-200">
              {review.differences.map((d) => (
                <DifferenceItem key={d.key} difference={d} mark={review.marks.get(d.key)} action={checkAction} />
              ))}
            </ul>
          </Card>
        )}

        <Card>
          <h2 className="font-medium">Payslips</h2>
          <Scroll label="Payslips of the run">
            <table className="mt-2 w-full min-w-[48rem] text-sm">
              <thead>
                <tr className="border-b border-slate-200 text-left text-xs text-slate-500 uppercase">
                  <ColumnHeading>Candidate</ColumnHeading>
                  <ColumnHeading>Payslip</ColumnHeading>
                  <ColumnHeading money>Timesheet value</ColumnHeading>
                  <ColumnHeading money>Timesheets total</ColumnHeading>
                  <ColumnHeading money>Margin</ColumnHeading>
                  <ColumnHeading money>Gross</ColumnHeading>
                  <ColumnHeading last>Differences</ColumnHeading>
                </tr>
              </thead>
              <tbody>
                {review.rows.map((r) => (
                  <tr key={r.payslip.id} className="border-b border-slate-100 align-top" data-testid="run-row">
                    <td className="py-2 pr-3">
                      <span className="font-medium">{r.name ?? '—'}</span>
                      {r.candidateId && <span className="block text-xs text-slate-500">{r.candidateId}</span>}
                      <span className="block text-xs text-slate-500" data-testid="match">
                        {matchText(r.match)}
                      </span>
                    </td>
                    <td className="py-2 pr-3">
                      <Link href={payslipHref(r.payslip)} className="text-brand-700 underline">
                        {r.payslip.id}
                      </Link>
                      <span className="block text-xs text-slate-500">
                        {r.currency === 'EUR' ? 'Euro' : r.currency === 'GBP' ? 'Pounds' : 'Currency not known'}
                      </span>
                    </td>
                    <td className="py-2 pr-3 text-right tabular-nums">{formatMoney(r.payslip.figures.timesheetValue, r.currency)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">
                      {r.timesheetsTotal === null ? '—' : formatMoney(r.timesheetsTotal, r.currency)}
                      {r.timesheets.map((t) => (
                        <Link key={t.id} href={`/timesheets/${t.id}`} className="block text-xs text-brand-700 underline">
                          {t.id}
                        </Link>
                      ))}
                    </td>
                    <td className="py-2 pr-3 text-right tabular-nums">{formatMoney(r.payslip.figures.margin, r.currency)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{formatMoney(r.payslip.figures.gross, r.currency)}</td>
                    <td className="py-2">
                      {r.differences.length === 0
                        ? '—'
                        : r.differences.map((d) => (
                            <span key={d.key} className="block text-amber-800">
                              {DIFFERENCE_LABELS[d.kind]}
                              {review.marks.has(d.key) ? ' (checked)' : ''}
                            </span>
                          ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        </Card>

        {review.awaitingApproval.length > 0 && (
          <Card>
            <h2 className="font-medium">Not yet approved in Nxsys</h2>
            <p className="mt-1 text-sm text-slate-600">
              Timesheets of this period still in Nxsys&apos;s approval: they are not expected in this run.
            </p>
            <ul className="mt-2 space-y-1 text-sm">
              {review.awaitingApproval.map((t) => (
                <li key={t.id}>
                  <Link href={`/timesheets/${t.id}`} className="text-brand-700 underline">
                    {t.id}
                  </Link>{' '}
                  {t.candidateId} · {ukDate(t.startDate)} – {ukDate(t.endDate)} · {label(t.approveStatus)}
                </li>
              ))}
            </ul>
          </Card>
        )}
      </div>
      <StepUpPrompt />
    </>
  );
}

function DifferenceItem({ difference: d, mark, action }: { difference: Difference; mark: PayslipCheckMark | undefined; action: string }) {
  const who = [d.name, d.candidateId].filter(Boolean).join(' · ');
  return (
    <li className="py-3 text-sm" data-testid="difference" data-kind={d.kind}>
      <p>
        <span className="font-medium">{DIFFERENCE_LABELS[d.kind]}</span>
        {who && <span className="text-slate-600"> — {who}</span>}
      </p>
      <p className="mt-0.5 break-words text-slate-700">{d.text}</p>
      {mark ? (
        <p className="mt-1 break-words text-emerald-800" data-testid="checked-mark">
          Checked by {mark.checkedByName} on {ukDateTime(mark.checkedAt)}: {mark.note}
        </p>
      ) : (
        <CheckDifference action={action} differenceKey={d.key} label={DIFFERENCE_LABELS[d.kind]} />
      )}
    </li>
  );
}

/** A column heading of the payslips table: money columns right-aligned, the last one without a gap after it. */
function ColumnHeading({ children, money = false, last = false }: { children: ReactNode; money?: boolean; last?: boolean }) {
  return (
    <th scope="col" className={['py-2', !last && 'pr-3', money && 'text-right'].filter(Boolean).join(' ')}>
      {children}
    </th>
  );
}
