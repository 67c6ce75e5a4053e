import Link from 'next/link';
import { Suspense, type ReactNode } from 'react';
import { ConnectButton } from '@/components/connection/connect-button';
import { Card, Skeleton } from '@/components/ui/page-header';
import { candidateCountries } from '@/lib/candidates/server';
import {
  copyHref,
  enterHref,
  importsNeedingAttention,
  londonToday,
  missingTimesheets,
  rightToWorkDue,
  type MissingGroup,
} from '@/lib/dashboard/server';
import { ukDate, ukDateTime } from '@/lib/dates';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { attempt } from '@/lib/server/http/api-error';
import { draftsAwaitingReview } from '@/lib/timesheets/server';

const PERIOD: Record<MissingGroup['frequency'], { noun: string; last: string }> = {
  WEEKLY: { noun: 'week', last: 'last week' },
  TWO_WEEKLY: { noun: 'fortnight', last: 'last fortnight' },
  MONTHLY: { noun: 'month', last: 'last month' },
};
/** Names listed per group at most; the rest are counted (all of them are in the action's link). */
const SHOWN = 8;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * "This week": what needs doing, each with its action one click away. Server-rendered (no client code but the
 * existing connect button); the part read from Nxsys streams in on its own and says so when Nxsys cannot be read.
 */
export function ThisWeekTodo({
  user,
  connection,
}: {
  user: CurrentUser;
  connection: 'CONNECTED' | 'RECONNECT_REQUIRED' | 'NOT_CONNECTED';
}) {
  const isAdmin = user.role === 'ADMIN';
  return (
    <Card className="mb-4">
      <h2 className="font-medium">This week</h2>
      <ul className="mt-2 divide-y divide-slate-100 text-sm" data-testid="todo-list">
        {connection === 'RECONNECT_REQUIRED' && (
          <Item testId="todo-reconnect" title="The Nxsys connection needs reconnecting">
            {isAdmin ? <ConnectButton label="Reconnect" /> : <p className="text-slate-600">Ask an admin of your agency to reconnect it.</p>}
          </Item>
        )}
        {connection === 'NOT_CONNECTED' && (
          <Item testId="todo-not-connected" title="Missing timesheets are listed here once the agency is connected to Nxsys" />
        )}
        {connection === 'CONNECTED' && (
          <Suspense
            fallback={
              <li className="py-2" aria-busy="true">
                <Skeleton className="h-4 w-2/3" />
              </li>
            }
          >
            <Missing user={user} />
          </Suspense>
        )}
        <DraftsWaiting user={user} />
        <Imports agencyId={user.agency.id} />
        <RightToWork agencyId={user.agency.id} />
      </ul>
    </Card>
  );
}

function Item({ testId, title, children }: { testId: string; title: ReactNode; children?: ReactNode }) {
  return (
    <li className="space-y-1 py-2" data-testid={testId}>
      <p className="font-medium text-slate-900">{title}</p>
      {children}
    </li>
  );
}

/** Timesheets held for the four-eyes review (lib/timesheets/server/drafts.ts): admins approve them; everyone else sees them wait. */
async function DraftsWaiting({ user }: { user: CurrentUser }) {
  const waiting = await draftsAwaitingReview(user.agency.id);
  if (waiting === 0) return null;
  const isAdmin = user.role === 'ADMIN';
  return (
    <Item testId="todo-drafts" title={`${plural(waiting, 'timesheet')} waiting for review`}>
      <p className="text-slate-600">
        {isAdmin
          ? 'Entered in the portal and held until someone other than their author approves them.'
          : 'Held until an admin other than their author approves them.'}
      </p>
      <Link href={isAdmin ? '/timesheets/review' : '/timesheets/drafts'} className="text-brand-700 underline">
        {isAdmin ? 'Review them' : 'See your drafts'}
      </Link>
    </Item>
  );
}

async function Missing({ user }: { user: CurrentUser }) {
  const result = await attempt(() => missingTimesheets(user));
  if (!result.ok)
    return (
      <Item testId="todo-missing-unavailable" title="Timesheets missing this period">
        <p className="text-amber-900">Nxsys could not be read, so this cannot be checked right now. {result.error.message}</p>
      </Item>
    );
  const { groups, complete } = result.value;
  const names = groups.some((g) => g.workers.some((w) => !w.name))
    ? (await candidateCountries(user).catch(() => null))?.nameById
    : undefined;
  return (
    <>
      {complete && groups.length === 0 && <Item testId="todo-missing-none" title="No timesheets missing this period" />}
      {groups.map((group) => {
        const { noun, last } = PERIOD[group.frequency];
        const n = group.workers.length;
        return (
          <Item
            key={group.frequency}
            testId={`todo-missing-${group.frequency.toLowerCase()}`}
            title={`${plural(n, 'worker')} without a timesheet this ${noun} (${ukDate(group.current.start)} – ${ukDate(group.current.end)})`}
          >
            <p className="text-slate-600">
              Each had one in the two {noun}s before.{' '}
              {group.workers
                .slice(0, SHOWN)
                .map((w) => {
                  const name = w.name ?? names?.get(w.candidateId);
                  return name ? `${name} (${w.candidateId})` : w.candidateId;
                })
                .join(', ')}
              {n > SHOWN ? ` and ${n - SHOWN} more` : ''}
            </p>
            <p className="flex flex-wrap gap-x-4 gap-y-1">
              {group.frequency === 'WEEKLY' && (
                <Link href={enterHref(group)} className="text-brand-700 underline" data-testid="todo-enter">
                  Enter these {n}
                </Link>
              )}
              {group.frequency !== 'MONTHLY' && (
                <Link href={copyHref(group)} className="text-brand-700 underline" data-testid="todo-copy">
                  Copy {last}
                </Link>
              )}
            </p>
          </Item>
        );
      })}
      {!complete && (
        <Item testId="todo-missing-incomplete" title="Timesheets missing: not every timesheet could be read">
          <p className="text-amber-900">Nxsys’s list did not end within the pages read, so more workers may be missing.</p>
        </Item>
      )}
    </>
  );
}

async function Imports({ agencyId }: { agencyId: string }) {
  const imports = await importsNeedingAttention(agencyId);
  return imports.map((job) => (
    <Item
      key={job.id}
      testId="todo-import"
      title={
        <Link href={`/imports/${job.id}`} className="text-brand-700 underline">
          {job.stopped ? 'Import stopped' : 'Import to check'}: {job.fileName}
        </Link>
      }
    >
      {job.unknown > 0 && (
        <p className="text-slate-600">
          {plural(job.unknown, 'row')} to check in Nxsys: the portal cannot tell whether {job.unknown === 1 ? 'it was' : 'they were'}{' '}
          created.
        </p>
      )}
    </Item>
  ));
}

async function RightToWork({ agencyId }: { agencyId: string }) {
  const due = await rightToWorkDue(agencyId, londonToday());
  if (!due || due.expired + due.expiring === 0) return null;
  return (
    <Item
      testId="todo-right-to-work"
      title={
        <Link href={`/candidates?rightToWork=${due.expiring ? 'expiring' : 'expired'}`} className="text-brand-700 underline">
          Right-to-work documents: {due.expiring} expiring within 30 days{due.expired ? `, ${due.expired} expired` : ''}
        </Link>
      }
    >
      <p className="text-slate-600">As Nxsys held them at {ukDateTime(due.checkedAt)}.</p>
    </Item>
  );
}
