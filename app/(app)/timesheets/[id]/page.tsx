import { ownValue } from '@/lib/own-key';
import type { Metadata } from 'next';
import Link from 'next/link';
import { NxsysNotice } from '@/components/nxsys-notice';
import { EditTimesheetLines } from '@/components/timesheets/timesheet-form';
import { Card, PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { attempt } from '@/lib/server/http/api-error';
import { checkTotals, getTimesheet, timesheetCandidate } from '@/lib/timesheets/server';
import { formatMoney } from '@/lib/money';
import { ukDate } from '@/lib/dates';
import { label, paymentModelLabel } from '@/lib/labels';
import { taxPeriodLabel } from '@/lib/tax-period';
import { APPROVE_STATUS_LABELS, lockedReason, nxsysTimesheetSchema } from '@/lib/timesheets/schema';
import { lineOptions } from '@/lib/payment-rates/server';

export const metadata: Metadata = { title: 'Timesheet' };

export default async function TimesheetPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const result = await attempt(() => getTimesheet(user, id));
  if (!result.ok)
    return (
      <NxsysNotice code={result.error.code} message={result.error.message} back={{ href: '/timesheets', label: 'Back to timesheets' }} />
    );
  const parsed = nxsysTimesheetSchema.safeParse(result.value);
  if (!parsed.success) return <NxsysNotice code="nxsys_error" message="Nxsys answered with a timesheet the portal cannot read." />;
  const sheet = parsed.data;
  const totals = checkTotals(sheet);
  // An Irish candidate's timesheet is in euro; a candidate not found in the lists: no symbol (never a guess).
  const [candidate, options] = await Promise.all([timesheetCandidate(user, sheet.subcontractorRef?.id), lineOptions(user)]);
  const { currency } = candidate;
  const money = (value: Parameters<typeof formatMoney>[0]) => formatMoney(value, currency);
  const locked = lockedReason(sheet.approveStatus);
  const ref = sheet.subcontractorRef;
  // Only what Nxsys sent ("—" otherwise): the documented answer names the candidate by id only, so the name is the
  // candidate list's; without one, the id alone.
  const name = ref?.fullName ?? candidate.name;
  const facts: [string, string][] = [
    ['Candidate', ref ? [name, ref.id].filter(Boolean).join(' · ') : '—'],
    ['Period', `${ukDate(sheet.startDate)} – ${ukDate(sheet.endDate)}`],
    ['Tax year and week', taxPeriodLabel(sheet)],
    ['Pay frequency', sheet.payFrequency ? label(sheet.payFrequency) : '—'],
    ['Payment model', paymentModelLabel(sheet.paymentModel)],
    ['Approval', sheet.approveStatus ? (ownValue(APPROVE_STATUS_LABELS, sheet.approveStatus) ?? label(sheet.approveStatus)) : '—'],
    ['Invoice', sheet.invoiceStatus ? label(sheet.invoiceStatus) : '—'],
  ];
  return (
    <>
      <PageHeader
        title={`Timesheet ${sheet.id}`}
        description={`${name ?? ref?.id ?? '—'} · ${ukDate(sheet.startDate)} – ${ukDate(sheet.endDate)}`}
      />
      <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
        <Card>
          <EditTimesheetLines
            id={sheet.id}
            lockedReason={locked}
            currency={currency}
            {...options}
            lines={sheet.rates.map((l) => ({ rateId: l.rateId, rate: l.rate ?? '', units: l.units ?? '', vatID: l.vatID ?? '' }))}
          />
        </Card>
        <div className="space-y-4">
          <Card>
            <dl className="space-y-2 text-sm">
              {facts.map(([k, v]) => (
                <div key={k}>
                  <dt className="text-slate-500">{k}</dt>
                  <dd data-testid={k === 'Approval' ? 'approval-status' : `timesheet-${k.toLowerCase().replace(/\s+/g, '-')}`}>{v}</dd>
                </div>
              ))}
            </dl>
          </Card>
          <Card>
            <h2 className="mb-2 font-medium">Totals on Nxsys</h2>
            <dl className="grid grid-cols-2 gap-y-1 text-sm tabular-nums">
              <dt>Net</dt>
              <dd className="text-right">{money(sheet.totalNet)}</dd>
              <dt>VAT</dt>
              <dd className="text-right">{money(sheet.totalVat)}</dd>
              <dt className="font-medium">Total</dt>
              <dd className="text-right font-medium" data-testid="upstream-total">
                {money(sheet.totalPrices)}
              </dd>
            </dl>
            {!totals.matches && (
              <p role="alert" className="mt-3 text-sm text-amber-900">
                Our arithmetic gives {money(totals.ours.total)}: check the lines with Nxsys.
              </p>
            )}
          </Card>
        </div>
      </div>
      <p className="mt-6 text-sm">
        <Link href="/timesheets" className="text-brand-700 underline">
          Back to timesheets
        </Link>
      </p>
    </>
  );
}
