import type { Metadata } from 'next';
import { CopyToNextPeriod, type CopySource } from '@/components/timesheets/copy-to-next-period';
import { PageHeader } from '@/components/ui/page-header';
import { candidateCountries } from '@/lib/candidates/server';
import { currencyOf } from '@/lib/money-format';
import { requireUser } from '@/lib/server/auth/current-user';
import { attempt } from '@/lib/server/http/api-error';
import { listResource } from '@/lib/registry';
import { nxsysTimesheetSchema } from '@/lib/timesheets/schema';
import { addDays } from '@/lib/timesheets/week';

export const metadata: Metadata = { title: 'Copy to next period' };

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const mondayOf = (isoDay: string) => addDays(isoDay, -((new Date(`${isoDay}T00:00:00Z`).getUTCDay() + 6) % 7));
const dayParam = (value: string | string[] | undefined) =>
  typeof value === 'string' && ISO_DAY.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;

/**
 * The period's timesheets are read here, on the server (the period is held in the URL: `?from&to`, last week by
 * default), so the page loads no schema library; choosing, previewing and copying happen in the browser. `?ids=TS-1,TS-2`
 * chooses those of the period's timesheets from the start (the dashboard's "Copy last week").
 */
export default async function CopyTimesheetsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const query = await searchParams;
  const lastMonday = addDays(mondayOf(new Date().toISOString().slice(0, 10)), -7);
  const from = dayParam(query.from) ?? lastMonday;
  const to = dayParam(query.to) ?? addDays(from, 6);
  const result = await attempt(async () => {
    const [{ data }, countries] = await Promise.all([
      listResource(user, 'timesheets', new URLSearchParams({ bactchFrom: from, bactchTo: to, size: '100' })),
      // The candidate lists say each worker's name and country (so the currency of their money); unreadable: neither.
      candidateCountries(user).catch(() => null),
    ]);
    return data.map((item): CopySource => {
      const t = nxsysTimesheetSchema.parse(item);
      const candidateId = t.subcontractorRef?.id ?? null;
      return {
        id: t.id,
        candidateId,
        candidateName: t.subcontractorRef?.fullName || (candidateId ? (countries?.nameById.get(candidateId) ?? null) : null),
        currency: currencyOf(candidateId ? countries?.byId.get(candidateId) : null),
        startDate: t.startDate,
        endDate: t.endDate,
        totalPrices: t.totalPrices,
      };
    });
  });
  return (
    <>
      <PageHeader
        title="Copy to next period"
        description="Choose last period's timesheets, check the copies, and send them: the same lines, dated one period later."
      />
      <CopyToNextPeriod
        from={from}
        to={to}
        rows={result.ok ? result.value : []}
        preselected={typeof query.ids === 'string' ? query.ids.split(',').slice(0, 500) : []}
        error={result.ok ? null : result.error.message}
      />
    </>
  );
}
