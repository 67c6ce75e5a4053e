import { ownValue } from '@/lib/own-key';
import type { Metadata } from 'next';
import { ukDateTime } from '@/lib/dates';
import { ConnectButton } from '@/components/connection/connect-button';
import { DisconnectButton, TestConnectionButton } from '@/components/connection/connection-actions';
import { Card, PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth/current-user';
import { agencyConnectionSummary } from '@/lib/connection/server';
import { nxsysDeps } from '@/lib/server/nxsys';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { clientCredentialsFault, UNDECRYPTABLE_REASON } from '@/lib/server/nxsys/token-manager';

export const metadata: Metadata = { title: 'Nxsys connection' };

const STALE_STATE =
  'This connection attempt is no longer valid (it expired, was already used, or was started in another session). Nothing was stored. Start again with Connect.';
const MESSAGES: Record<string, { tone: 'ok' | 'error'; text: string }> = {
  connected: { tone: 'ok', text: 'Connected to Nxsys.' },
  disconnected: { tone: 'ok', text: 'Disconnected. The stored Nxsys tokens were deleted.' },
  access_denied: { tone: 'error', text: 'The connection was not approved on Nxsys. Nothing was changed.' },
  missing_state: { tone: 'error', text: STALE_STATE },
  invalid_state: { tone: 'error', text: STALE_STATE },
  expired_state: { tone: 'error', text: STALE_STATE },
  state_reused: { tone: 'error', text: STALE_STATE },
  state_other_session: { tone: 'error', text: STALE_STATE },
  exchange_failed: { tone: 'error', text: 'Nxsys did not accept the authorization, so nothing was stored. Try connecting again.' },
  provider_error: { tone: 'error', text: 'Nxsys reported an error during the connection. Nothing was stored. Try again.' },
  missing_code: { tone: 'error', text: 'Nxsys sent no authorization code back. Nothing was stored. Try again.' },
  not_configured: {
    tone: 'error',
    text: 'This portal has no Nxsys client application configured (NXSYS_CLIENT_ID and NXSYS_CLIENT_SECRET).',
  },
  signed_out: { tone: 'error', text: 'Your session ended while you were on Nxsys. Sign in and connect again.' },
  callback_failed: {
    tone: 'error',
    text: 'Something went wrong on our side while finishing the connection. Nothing was stored. Try again.',
  },
};

const when = (iso?: string | null) => (iso ? ukDateTime(iso) : '—');

export default async function ConnectionPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  const query = await searchParams;
  const summary = await agencyConnectionSummary(user.agency.id);
  const settings = nxsysSettings();
  const isAdmin = user.role === 'ADMIN';
  const clientFault = await clientCredentialsFault(nxsysDeps());
  const flash = ownValue(MESSAGES, query.error ?? (query.connected ? 'connected' : query.disconnected ? 'disconnected' : ''));

  const statusLabel = { CONNECTED: 'Connected', RECONNECT_REQUIRED: 'Reconnect required', NOT_CONNECTED: 'Not connected' }[summary.status];
  const statusTone = {
    CONNECTED: 'bg-green-100 text-green-800',
    RECONNECT_REQUIRED: 'bg-amber-100 text-amber-900',
    NOT_CONNECTED: 'bg-slate-100 text-slate-700',
  }[summary.status];

  return (
    <>
      <PageHeader
        title="Nxsys connection"
        description="Your agency works with Nxsys through this connection. Tokens stay on our server, encrypted."
      />
      {flash && (
        <div
          role={flash.tone === 'error' ? 'alert' : 'status'}
          className={`mb-4 rounded-md border px-4 py-3 text-sm ${flash.tone === 'error' ? 'border-red-200 bg-red-50 text-red-800' : 'border-green-200 bg-green-50 text-green-800'}`}
        >
          {flash.text}
        </div>
      )}
      {clientFault && (
        <div
          role="alert"
          data-testid="client-refused"
          className="mb-4 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
        >
          <strong>The portal&apos;s Nxsys client credentials were refused</strong> (at {when(clientFault.at.toISOString())}). This is the
          portal&apos;s configuration, shared by every agency, not this connection:{' '}
          {isAdmin
            ? 'whoever runs the portal must check NXSYS_CLIENT_ID and NXSYS_CLIENT_SECRET. Reconnecting will not help.'
            : 'an admin has been told.'}
        </div>
      )}
      <Card>
        <div className="flex flex-wrap items-center gap-3">
          <h2 className="font-medium">Status</h2>
          <span data-testid="connection-status" className={`rounded-full px-2.5 py-0.5 text-sm font-medium ${statusTone}`}>
            {statusLabel}
          </span>
        </div>
        {summary.status === 'RECONNECT_REQUIRED' && (
          <p className="mt-3 text-sm text-amber-900">
            {summary.lastError === UNDECRYPTABLE_REASON
              ? 'The stored Nxsys tokens can no longer be read by this portal, so no Nxsys call can be made with them.'
              : 'Nxsys no longer accepts this connection (the access was revoked or has lapsed).'}{' '}
            {isAdmin ? 'Reconnect to carry on.' : 'Ask an admin of your agency to reconnect it.'}
          </p>
        )}
        {summary.status === 'NOT_CONNECTED' && !isAdmin && (
          <p className="mt-3 text-sm text-slate-600">An admin of your agency can connect it to Nxsys.</p>
        )}
        <dl className="mt-4 grid gap-x-8 gap-y-2 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">Environment</dt>
            <dd>
              {summary.environment ?? settings.environment} ({summary.apiBaseUrl ?? settings.apiUrl})
            </dd>
          </div>
          {summary.status !== 'NOT_CONNECTED' && (
            <>
              <div>
                <dt className="text-slate-500">Connected by</dt>
                <dd>
                  {summary.connectedBy ?? '—'}, {when(summary.connectedAt)}
                </dd>
              </div>
              <div>
                <dt className="text-slate-500">Access token expires</dt>
                <dd>{when(summary.accessTokenExpiresAt)}</dd>
              </div>
              <div>
                <dt className="text-slate-500">Last refreshed</dt>
                <dd>{when(summary.lastRefreshedAt)}</dd>
              </div>
              <div>
                <dt className="text-slate-500">Last verified with Nxsys</dt>
                <dd>
                  {when(summary.lastVerifiedAt)} <span className="text-slate-500">(the status is as fresh as this)</span>
                </dd>
              </div>
              <div>
                <dt className="text-slate-500">Last error</dt>
                <dd>{summary.lastError ? `${summary.lastError} (${when(summary.lastErrorAt)})` : 'None'}</dd>
              </div>
            </>
          )}
        </dl>
        {isAdmin && (
          <div className="mt-6 flex flex-wrap gap-2">
            {summary.status === 'NOT_CONNECTED' && <ConnectButton label="Connect to Nxsys" />}
            {summary.status === 'RECONNECT_REQUIRED' && <ConnectButton label="Reconnect" />}
            {summary.status === 'CONNECTED' && <TestConnectionButton />}
            {/* A healthy connection needs no reconnecting: offered, not pressed on anyone. */}
            {summary.status === 'CONNECTED' && <ConnectButton label="Reconnect" variant="secondary" />}
            {summary.status !== 'NOT_CONNECTED' && <DisconnectButton />}
          </div>
        )}
        {!isAdmin && summary.status === 'CONNECTED' && (
          <div className="mt-6">
            <TestConnectionButton />
          </div>
        )}
      </Card>
    </>
  );
}
