import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense, type ReactNode } from 'react';
import { ConnectButton } from '@/components/connection/connect-button';
import { RefreshDashboardButton } from '@/components/dashboard/refresh-button';
import { Card, PageHeader, Skeleton } from '@/components/ui/page-header';
import { currencyOf, formatMoney, formatTotals, totalsByCurrency } from '@/lib/money';
import { requireUser, type CurrentUser } from '@/lib/server/auth/current-user';
import { cardError, dashboardCard, type CardData, type CardName } from '@/lib/dashboard/server';
import { connectionStatus } from '@/lib/connection/server';
import { taxPeriodLabel } from '@/lib/tax-period';
import { ukDate, ukDateTime } from '@/lib/dates';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { payslipCountries } from '@/lib/payslips/server';
import { candidateCountries } from '@/lib/candidates/server';
import { payslipHref } from '@/lib/payslips/schema';
import { PayRunsTodo } from './payslip-runs-todo';
import { ThisWeekTodo } from './this-week-todo';
import { TrendSection } from './trend-section';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const user = await requireUser();
  // Only what the card shows (the connection page reads the rest).
  const row = await connectionStatus(user.agency.id);
  const connection = row ?? { status: 'NOT_CONNECTED' as const, environment: null, lastVerifiedAt: null };
  const isAdmin = user.role === 'ADMIN';
  const connected = connection.status === 'CONNECTED';
  return (
    <>
      <PageHeader
        title={`Good to see you, ${user.name.split(' ')[0]}`}
        description={`${user.agency.name} · today at a glance`}
        actions={connected ? <RefreshDashboardButton /> : undefined}
      />
      <ThisWeekTodo user={user} connection={connection.status} />
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
        <Card>
          <CardTitle href="/connection">Nxsys connection</CardTitle>
          {connection.status === 'CONNECTED' && (
            <p className="mt-2 text-sm text-slate-700" data-testid="dashboard-connection">
              <span className="mr-2 inline-block h-2 w-2 rounded-full bg-emerald-500" aria-hidden />
              Connected{connection.environment ? ` (${connection.environment.toLowerCase()})` : ''}
              {connection.lastVerifiedAt && (
                <span className="block text-xs text-slate-500">Last answered {ukDateTime(connection.lastVerifiedAt)}</span>
              )}
            </p>
          )}
          {connection.status === 'RECONNECT_REQUIRED' && (
            <div className="mt-2 space-y-2 text-sm text-amber-900" data-testid="dashboard-connection">
              <p>Reconnect required: Nxsys no longer accepts the connection.</p>
              {isAdmin ? <ConnectButton label="Reconnect" /> : <p>Ask an admin of your agency to reconnect it.</p>}
            </div>
          )}
          {connection.status === 'NOT_CONNECTED' && (
            <div className="mt-2 space-y-2 text-sm text-slate-700" data-testid="dashboard-connection">
              <p>Not connected to Nxsys yet.</p>
              {isAdmin ? <ConnectButton label="Connect to Nxsys" /> : <p>Ask an admin of your agency to connect it.</p>}
            </div>
          )}
        </Card>
        {connected ? (
          <>
            <DashboardCard
              user={user}
              name="notApproved"
              title="Timesheets not yet approved"
              href="/timesheets?notApproved=1"
              render={NotApproved}
            />
            <DashboardCard user={user} name="latestPayslips" title="Latest payslip run" href="/payslips" render={LatestPayslips} />
            <DashboardCard
              user={user}
              name="onboardedThisWeek"
              title="Onboarded through the portal this week"
              href={isAdmin ? '/activity?action=candidate.created' : '/candidates'}
              render={Onboarded}
            />
            <PayRunsTodo user={user} />
          </>
        ) : (
          <Card className="md:col-span-1 xl:col-span-3">
            <p className="text-sm text-slate-600">
              Timesheets, payslips and candidates from Nxsys appear here once the agency is connected.
            </p>
          </Card>
        )}
      </div>
      {connected && <TrendSection user={user} className="mt-4" />}
    </>
  );
}

function CardTitle({ href, children }: { href: string; children: ReactNode }) {
  return (
    <h2 className="font-medium">
      <Link href={href} className="hover:underline">
        {children}
      </Link>
    </h2>
  );
}

function DashboardCard<K extends CardName>({
  user,
  name,
  title,
  href,
  render: Render,
}: {
  user: CurrentUser;
  name: K;
  title: string;
  href: string;
  render: (props: { data: CardData<K>; user: CurrentUser }) => ReactNode;
}) {
  return (
    <Card>
      <CardTitle href={href}>{title}</CardTitle>
      <Suspense
        fallback={
          <div className="mt-3 space-y-2" aria-busy="true">
            <Skeleton className="h-8 w-16" />
            <Skeleton className="h-4 w-full" />
          </div>
        }
      >
        <CardBody user={user} name={name} render={Render} />
      </Suspense>
    </Card>
  );
}

async function CardBody<K extends CardName>({
  user,
  name,
  render: Render,
}: {
  user: CurrentUser;
  name: K;
  render: (props: { data: CardData<K>; user: CurrentUser }) => ReactNode;
}) {
  const result = await dashboardCard(user, name).then(
    (data) => ({ ok: true as const, data }),
    (error: unknown) => ({ ok: false as const, ...cardError(error) }),
  );
  if (!result.ok) {
    return (
      <p className="mt-2 text-sm text-amber-900" data-testid="dashboard-unavailable">
        Not available right now. {result.message}
      </p>
    );
  }
  return <Render data={result.data} user={user} />;
}

function Count({ value, testId }: { value: ReactNode; testId: string }) {
  return (
    <p className="mt-2 text-3xl font-semibold text-slate-900 tabular-nums" data-testid={testId}>
      {value}
    </p>
  );
}

async function NotApproved({ data, user }: { data: CardData<'notApproved'>; user: CurrentUser }) {
  // Nxsys's timesheets name the candidate by id: the name is the candidate list's (none → the id alone).
  const names = data.recent.some((t) => !t.candidateName) ? (await candidateCountries(user).catch(() => null))?.nameById : undefined;
  return (
    <>
      <Count value={`${data.count}${data.atLeast ? '+' : ''}`} testId="not-approved-count" />
      <p className="text-sm text-slate-600">
        whose approval status in Nxsys is not “Approved”{data.atLeast ? ' (newest 1,000 looked at)' : ''}
      </p>
      {data.recent.length > 0 ? (
        <ul className="mt-2 space-y-1 text-sm">
          {data.recent.map((t) => (
            <li key={t.id}>
              <Link href={`/timesheets/${t.id}`} className="text-brand-700 underline">
                {[t.candidateName ?? (t.candidateId ? names?.get(t.candidateId) : null), t.candidateId].filter(Boolean).join(' · ') || t.id}
              </Link>{' '}
              <span className="text-slate-500">
                {ukDate(t.startDate)} – {ukDate(t.endDate)}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-sm text-slate-600">Nothing is waiting for you.</p>
      )}
      {/* The Nxsys API has no approve action: approval happens in Nxsys itself. Say so; offer no button we cannot honour. */}
      <p className="mt-3 text-sm text-slate-600" data-testid="approval-in-nxsys">
        Timesheets are approved in Nxsys, not in this portal.{' '}
        <a href={nxsysSettings().portalUrl} target="_blank" rel="noopener noreferrer" className="text-brand-700 underline">
          Open Nxsys to approve them
        </a>
      </p>
    </>
  );
}

async function LatestPayslips({ data, user }: { data: CardData<'latestPayslips'>; user: CurrentUser }) {
  if (!data.latest) return <p className="mt-2 text-sm text-slate-600">No payslips yet.</p>;
  // Each payslip's currency from its candidate's country (an Irish candidate: euro); unknown → no symbol. The run's
  // net pay is one sum per currency: pounds and euro are never added.
  const countries = await payslipCountries(user, data.run);
  const net = formatTotals(totalsByCurrency(data.run.map((p, i) => ({ amount: p.figures.net, currency: currencyOf(countries[i]) }))));
  const { latest } = data;
  const runHref = `/payslips?${new URLSearchParams({ taxYear: String(latest.taxYear ?? ''), taxPeriod: String(latest.taxPeriod ?? '') })}`;
  return (
    <>
      <Count value={`${data.inRun}${data.atLeast ? '+' : ''}`} testId="latest-run-count" />
      <p className="text-sm text-slate-600">
        payslips in{' '}
        <Link href={runHref} className="text-brand-700 hover:underline">
          {taxPeriodLabel(latest)}
        </Link>
        {latest.payDate && <>, paid {ukDate(latest.payDate)}</>}
      </p>
      <p className="text-sm text-slate-600">
        net pay{' '}
        <span className="font-medium text-slate-900 tabular-nums" data-testid="latest-run-net">
          {net}
        </span>
      </p>
      <ul className="mt-2 space-y-1 text-sm">
        {data.recent.map((p, i) => (
          <li key={p.id} className="flex justify-between gap-2">
            <Link href={payslipHref(p)} className="truncate text-brand-700 hover:underline">
              {p.candidateName ?? p.id}
            </Link>
            <span className="text-slate-600 tabular-nums">{formatMoney(p.figures.net, currencyOf(countries[i]))}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function Onboarded({ data }: { data: CardData<'onboardedThisWeek'> }) {
  return (
    <>
      <Count value={data.count} testId="onboarded-count" />
      <p className="text-sm text-slate-600">
        candidates onboarded in this portal since Monday {ukDate(data.since)} (from our activity log; Nxsys does not say when a candidate
        was created)
      </p>
      <p className="mt-2 text-sm">
        <Link href="/candidates/new" className="text-brand-700 hover:underline">
          Onboard a candidate
        </Link>
      </p>
    </>
  );
}
