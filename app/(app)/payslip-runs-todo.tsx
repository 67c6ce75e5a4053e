import Link from 'next/link';
import { Suspense } from 'react';
import { Card, Skeleton } from '@/components/ui/page-header';
import { runHref } from '@/lib/payslips/review';
import { payRuns } from '@/lib/payslips/server';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { attempt } from '@/lib/server/http/api-error';
import { taxPeriodLabel } from '@/lib/tax-period';

/** Runs listed at most (newest first); the rest are counted, on the runs page. */
const SHOWN = 5;

/** The dashboard's to-do of pay runs with differences nobody has marked checked yet (streams in on its own). */
export function PayRunsTodo({ user }: { user: CurrentUser }) {
  return (
    <Card>
      <h2 className="font-medium">
        <Link href="/payslips/runs" className="hover:underline">
          Pay runs to check
        </Link>
      </h2>
      <Suspense fallback={<Skeleton className="mt-3 h-4 w-full" />}>
        <Todo user={user} />
      </Suspense>
    </Card>
  );
}

async function Todo({ user }: { user: CurrentUser }) {
  const result = await attempt(() => payRuns(user));
  if (!result.ok)
    return (
      <p className="mt-2 text-sm text-amber-900" data-testid="pay-runs-todo-unavailable">
        Not available right now. {result.error.message}
      </p>
    );
  const open = result.value.filter((r) => r.open > 0);
  if (open.length === 0)
    return (
      <p className="mt-2 text-sm text-slate-600" data-testid="pay-runs-todo-empty">
        Every difference is checked.
      </p>
    );
  return (
    <>
      <ul className="mt-2 space-y-1 text-sm" data-testid="pay-runs-todo">
        {open.slice(0, SHOWN).map((r) => (
          <li key={runHref(r.run)}>
            <Link href={runHref(r.run)} className="text-brand-700 underline">
              Check {taxPeriodLabel(r.run)}
            </Link>{' '}
            <span className="text-slate-600">
              {r.open} difference{r.open === 1 ? '' : 's'} open
            </span>
          </li>
        ))}
      </ul>
      {open.length > SHOWN && (
        <p className="mt-1 text-sm">
          <Link href="/payslips/runs" className="text-brand-700 underline">
            {open.length - SHOWN} more runs to check
          </Link>
        </p>
      )}
    </>
  );
}
