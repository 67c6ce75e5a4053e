import type { Metadata } from 'next';
import { RosterGrid, type RosterWorker } from '@/components/timesheets/weekly-grid';
import { PageHeader } from '@/components/ui/page-header';
import { candidateCountries } from '@/lib/candidates/server';
import { isIsoDate } from '@/lib/dates';
import { isRecordId } from '@/lib/ids';
import { requireUser } from '@/lib/server/auth/current-user';
import { lineOptions } from '@/lib/payment-rates/server';

export const metadata: Metadata = { title: 'Enter a week' };

/**
 * The roster grid. `?candidates=SR-1,SR-2&start=yyyy-mm-dd` opens it with those workers and that week (the
 * "Enter these" link of the to-do list); ids that are not candidate ids are left out, a worker appears once.
 */
export default async function WeekPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const params = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
  const ids = [
    ...new Set(
      one(params.candidates)
        .split(',')
        .map((id) => id.trim()),
    ),
  ]
    .filter((id) => isRecordId('candidate', id))
    .slice(0, 200);
  const start = one(params.start);
  const [options, countries] = await Promise.all([lineOptions(user), ids.length ? candidateCountries(user).catch(() => null) : null]);
  const workers: RosterWorker[] = ids.map((id) => ({
    id,
    name: countries?.nameById.get(id) ?? '',
    country: countries?.byId.get(id) ?? null,
  }));
  return (
    <>
      <PageHeader
        title="Enter a week"
        description="Hours per day for each worker and payment code; one save creates each worker's timesheet for the week, with the right tax period."
      />
      <RosterGrid today={new Date().toISOString().slice(0, 10)} start={isIsoDate(start) ? start : null} workers={workers} {...options} />
    </>
  );
}
