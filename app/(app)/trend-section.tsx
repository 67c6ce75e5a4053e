import { Suspense } from 'react';
import { Card, Skeleton } from '@/components/ui/page-header';
import { TrendPanel } from '@/components/trends/trend-panel';
import { cardError, TREND_WEEKS, weeklyTrends, type TrendSubject } from '@/lib/dashboard/server';
import type { CurrentUser } from '@/lib/server/auth/current-user';

/**
 * Hours and net pay per week for the last 12 weeks, from Nxsys's timesheets and payslips: the agency's on the
 * dashboard, one candidate's on their page. One chart and table per currency: pounds and euro are never added.
 */
export function TrendSection({ user, subject, className = '' }: { user: CurrentUser; subject?: TrendSubject; className?: string }) {
  return (
    <Card className={className}>
      <h2 className="font-medium">Last {TREND_WEEKS} weeks</h2>
      <p className="text-sm text-slate-600">
        Hours (lines whose payment rate is hourly) and net pay per week, by the week each timesheet starts in.
      </p>
      <Suspense fallback={<Skeleton className="mt-3 h-52 w-full" />}>
        <TrendBody user={user} subject={subject} />
      </Suspense>
    </Card>
  );
}

async function TrendBody({ user, subject }: { user: CurrentUser; subject?: TrendSubject }) {
  const result = await weeklyTrends(user, subject).then(
    (data) => ({ ok: true as const, data }),
    (error: unknown) => ({ ok: false as const, ...cardError(error) }),
  );
  if (!result.ok)
    return (
      <p className="mt-2 text-sm text-amber-900" data-testid="trend-unavailable">
        Not available right now. {result.message}
      </p>
    );
  const trends = result.data;
  if (!trends.complete)
    return (
      <p className="mt-2 text-sm text-amber-900" data-testid="trend-incomplete">
        {trends.reason}
      </p>
    );
  if (trends.series.length === 0)
    return (
      <p className="mt-2 text-sm text-slate-600" data-testid="trend-empty">
        No timesheets in these weeks.
      </p>
    );
  return (
    <div className="mt-3 grid gap-6 lg:grid-cols-2">
      {trends.series.map((s) => (
        <TrendPanel key={s.currency ?? 'unknown'} series={s} title={subject?.candidateId ? 'Their weeks' : 'Hours and net pay'} />
      ))}
      {trends.unplacedPayslips > 0 && (
        <p className="text-xs text-slate-600 lg:col-span-2">
          {trends.unplacedPayslips} payslip{trends.unplacedPayslips === 1 ? '' : 's'} name no timesheet, so cannot be put in a week and are
          not counted.
        </p>
      )}
    </div>
  );
}
