import Link from 'next/link';
import { Card } from '@/components/ui/page-header';
import { ukDate } from '@/lib/dates';
import { label } from '@/lib/labels';
import { currencyOf, formatMoney } from '@/lib/money';
import { payslipHref, payslipSchema } from '@/lib/payslips/schema';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { attempt } from '@/lib/server/http/api-error';
import { listResource } from '@/lib/registry';
import { taxPeriodLabel } from '@/lib/tax-period';
import { APPROVE_STATUS_LABELS, nxsysTimesheetSchema } from '@/lib/timesheets/schema';
import { ownValue } from '@/lib/own-key';

const SHOWN = 10;

interface Props {
  user: CurrentUser;
  id: string;
  name: string;
  country: 'uk' | 'ie';
}

/** The candidate's latest timesheets (newest first), each linking to its page, with its total from Nxsys. */
export async function CandidateTimesheets({ user, id, country }: Props) {
  const q = new URLSearchParams({ subcontractorRef: id, size: String(SHOWN), sortField: 'startDate', sortType: 'desc' });
  const result = await attempt(() => listResource(user, 'timesheets', q));
  const currency = currencyOf(country);
  return (
    <Card>
      <h2 className="mb-3 font-medium">Timesheets</h2>
      {!result.ok ? (
        <p className="text-sm text-amber-900">Not available right now. {result.error.message}</p>
      ) : result.value.data.length === 0 ? (
        <p className="text-sm text-slate-600">No timesheets for this candidate.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="candidate-timesheets">
          {result.value.data.map((raw) => {
            const parsed = nxsysTimesheetSchema.safeParse(raw);
            if (!parsed.success) return null;
            const t = parsed.data;
            return (
              <li key={t.id} className="flex flex-wrap justify-between gap-x-3 py-2">
                <span>
                  <Link href={`/timesheets/${t.id}`} className="text-brand-700 underline">
                    {t.id}
                  </Link>{' '}
                  <span className="text-slate-600">
                    {ukDate(t.startDate)} – {ukDate(t.endDate)}
                    {t.approveStatus ? ` · ${ownValue(APPROVE_STATUS_LABELS, t.approveStatus) ?? label(t.approveStatus)}` : ''}
                  </span>
                </span>
                <span className="tabular-nums">{formatMoney(t.totalPrices, currency)}</span>
              </li>
            );
          })}
        </ul>
      )}
      <Link
        href={`/timesheets?${new URLSearchParams({ subcontractorRef: id })}`}
        className="mt-3 inline-block text-sm text-brand-700 underline"
      >
        All timesheets of this candidate
      </Link>
    </Card>
  );
}

/** The candidate's payslips (matched on their id when Nxsys sends one, else their name), with net pay. */
export async function CandidatePayslips({ user, id, name, country }: Props) {
  const q = new URLSearchParams({ subcontractorIds: id, candidateName: name, size: String(SHOWN) });
  const result = await attempt(() => listResource(user, 'payslips', q));
  const currency = currencyOf(country);
  const payslips = result.ok
    ? result.value.data.flatMap((raw) => (payslipSchema.safeParse(raw).data ? [payslipSchema.parse(raw)] : []))
    : [];
  return (
    <Card>
      <h2 className="mb-3 font-medium">Payslips</h2>
      {!result.ok ? (
        <p className="text-sm text-amber-900">Not available right now. {result.error.message}</p>
      ) : payslips.length === 0 ? (
        <p className="text-sm text-slate-600">No payslips for this candidate.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="candidate-payslips">
          {payslips.map((p) => (
            <li key={p.id} className="flex flex-wrap justify-between gap-x-3 py-2">
              <span>
                <Link href={payslipHref(p)} className="text-brand-700 underline">
                  {p.id}
                </Link>{' '}
                <span className="text-slate-600">{taxPeriodLabel(p)}</span>
              </span>
              <span className="tabular-nums">net {formatMoney(p.figures.net, currency)}</span>
            </li>
          ))}
        </ul>
      )}
      <Link
        href={`/payslips?${new URLSearchParams({ subcontractorIds: id, candidateName: name })}`}
        className="mt-3 inline-block text-sm text-brand-700 underline"
      >
        All payslips of this candidate
      </Link>
    </Card>
  );
}

/** Days from today (UK) to a yyyy-mm-dd date; negative once past. */
export function daysUntil(date: string, today = new Date()) {
  const todayUk = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(today); // yyyy-mm-dd
  return Math.round((Date.parse(`${date.slice(0, 10)}T00:00:00Z`) - Date.parse(`${todayUk}T00:00:00Z`)) / 86_400_000);
}
