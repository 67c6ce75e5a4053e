import 'server-only';
import { createHash } from 'node:crypto';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { recordAudit } from '@/lib/server/audit';
import { decryptToken, encryptToken, type Keyring } from '@/lib/server/crypto/token-encryption';
import type { NxsysSettings } from '@/lib/server/nxsys/settings';
import { encryptedTokenFields, markTokensUndecryptable, tokensDecrypt, withTokenLock } from '@/lib/server/nxsys/token-manager';
import { buildAuthorizationUrl, createPkcePair, createState } from '@/lib/server/oauth/dialects';
import { exchangeToken, OAuthError } from '@/lib/server/oauth/token-client';
import { log } from '@/lib/server/log';

/** How long a Connect attempt may take from our redirect to the callback. */
export const STATE_TTL_MS = 10 * 60_000;

const hashState = (state: string) => createHash('sha256').update(state).digest('hex');

interface Admin {
  id: string;
  sessionId: string;
  agency: { id: string };
}

/** Starts Connect: a single-use state bound to this admin's session and agency; returns where to send the browser. */
export async function beginConnect(db: PrismaClient, keyring: Keyring, settings: NxsysSettings, admin: Admin, now = new Date()) {
  if (!settings.client) throw new Error('Nxsys client application is not configured');
  const state = createState();
  const pkce = settings.profile.pkce ? createPkcePair() : undefined;
  await db.oAuthState.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.oAuthState.create({
    data: {
      stateHash: hashState(state),
      agencyId: admin.agency.id,
      userId: admin.id,
      sessionId: hashState(admin.sessionId),
      environment: settings.environment,
      codeVerifierCiphertext: pkce ? encryptToken(keyring, pkce.verifier, admin.agency.id) : null,
      expiresAt: new Date(now.getTime() + STATE_TTL_MS),
    },
  });
  return buildAuthorizationUrl(settings.profile, {
    clientId: settings.client.clientId,
    redirectUri: settings.redirectUri,
    state,
    codeChallenge: pkce?.challenge,
  });
}

export type CallbackFailure =
  | 'missing_state'
  | 'invalid_state'
  | 'expired_state'
  | 'state_reused'
  | 'state_other_session'
  | 'access_denied'
  | 'provider_error'
  | 'missing_code'
  | 'exchange_failed'
  | 'not_configured';

export type CallbackResult = { ok: true; returnTo: string } | { ok: false; reason: CallbackFailure; detail?: string };

/**
 * The redirect back from Nxsys. The state must be ours, unexpired, unused and started by this very
 * session; only then is the code exchanged and the tokens stored (encrypted). Nothing is stored otherwise.
 */
export async function completeConnect(
  db: PrismaClient,
  keyring: Keyring,
  settings: NxsysSettings,
  user: Admin,
  query: { state?: string | null; code?: string | null; error?: string | null },
  deps: { fetch?: typeof fetch; now?: () => Date } = {},
): Promise<CallbackResult> {
  const now = deps.now?.() ?? new Date();
  if (!query.state) return { ok: false, reason: 'missing_state' };
  const stateHash = hashState(query.state);
  // Consume atomically: of two callbacks with the same state, exactly one gets the row.
  const consumed = await db.oAuthState.updateMany({ where: { stateHash, consumedAt: null }, data: { consumedAt: now } });
  const row = await db.oAuthState.findUnique({ where: { stateHash } });
  if (!row) return { ok: false, reason: 'invalid_state' };
  if (consumed.count === 0) return { ok: false, reason: 'state_reused' };
  if (row.userId !== user.id || row.agencyId !== user.agency.id || row.sessionId !== hashState(user.sessionId)) {
    return { ok: false, reason: 'state_other_session' };
  }
  if (row.expiresAt <= now) return { ok: false, reason: 'expired_state' };

  const audit = (action: 'nxsys.connected' | 'nxsys.connect_failed', details: Record<string, string>) =>
    recordAudit(db, {
      agencyId: row.agencyId,
      actorId: user.id,
      action,
      targetType: 'nxsys_connection',
      details: { environment: row.environment, ...details },
    });

  if (query.error) {
    await audit('nxsys.connect_failed', { reason: query.error === 'access_denied' ? 'access_denied' : 'provider_error' });
    return { ok: false, reason: query.error === 'access_denied' ? 'access_denied' : 'provider_error' };
  }
  if (!query.code) return { ok: false, reason: 'missing_code' };
  if (!settings.client) return { ok: false, reason: 'not_configured' };

  try {
    const tokens = await exchangeToken(
      settings.profile,
      settings.client,
      {
        type: 'authorization_code',
        code: query.code,
        redirectUri: settings.redirectUri,
        codeVerifier: row.codeVerifierCiphertext ? decryptToken(keyring, row.codeVerifierCiphertext, row.agencyId) : undefined,
      },
      { fetch: deps.fetch, now: deps.now, timeoutMs: settings.timeoutMs },
    );
    const fields = encryptedTokenFields(keyring, row.agencyId, tokens);
    const connection = {
      environment: settings.environment,
      apiBaseUrl: settings.apiUrl,
      portalBaseUrl: settings.portalUrl,
      status: 'CONNECTED' as const,
      ...fields,
      lastRefreshedAt: null,
      lastVerifiedAt: now,
      lastError: null,
      lastErrorAt: null,
      consecutiveFailures: 0,
      nextRefreshAttemptAt: null,
      // A refresh in flight under the old grant loses its lease: it will not overwrite these tokens.
      refreshClaimId: null,
      refreshClaimUntil: null,
      connectedById: user.id,
      connectedAt: now,
    };
    // Same lock as token refresh, so a refresh in flight never overwrites a fresh connection.
    await withTokenLock(db, row.agencyId, async (tx) => {
      await tx.nxsysConnection.upsert({
        where: { agencyId: row.agencyId },
        create: { agencyId: row.agencyId, ...connection },
        update: connection,
      });
    });
    await audit('nxsys.connected', {});
    return { ok: true, returnTo: row.returnTo };
  } catch (error) {
    const detail = error instanceof OAuthError ? error.message : 'unexpected error';
    await audit('nxsys.connect_failed', { reason: error instanceof OAuthError ? error.kind : 'error' });
    if (!(error instanceof OAuthError)) log.error({ error: error instanceof Error ? error.name : 'error' }, 'Nxsys connect failed');
    return { ok: false, reason: 'exchange_failed', detail };
  }
}

/** Deletes the tokens (the row goes); the audit log keeps who did it. */
export async function disconnect(db: PrismaClient, user: { id: string; agency: { id: string } }) {
  const deleted = await db.nxsysConnection.deleteMany({ where: { agencyId: user.agency.id } });
  if (deleted.count) {
    await recordAudit(db, { agencyId: user.agency.id, actorId: user.id, action: 'nxsys.disconnected', targetType: 'nxsys_connection' });
  }
  return deleted.count > 0;
}

export interface ConnectionSummary {
  status: 'NOT_CONNECTED' | 'CONNECTED' | 'RECONNECT_REQUIRED';
  environment?: string;
  apiBaseUrl?: string;
  connectedBy?: string | null;
  connectedAt?: string;
  accessTokenExpiresAt?: string | null;
  lastRefreshedAt?: string | null;
  lastVerifiedAt?: string | null;
  lastError?: string | null;
  lastErrorAt?: string | null;
  consecutiveFailures?: number;
}

/**
 * What the connection page and dashboard show. Never any token material. Given the keyring, a connection
 * whose stored tokens no longer decrypt is found out here (and marked), not shown as "Connected".
 */
export async function connectionSummary(db: PrismaClient, agencyId: string, keyring?: Keyring): Promise<ConnectionSummary> {
  let row = await db.nxsysConnection.findUnique({ where: { agencyId } });
  if (!row) return { status: 'NOT_CONNECTED' };
  if (keyring && row.status === 'CONNECTED' && !tokensDecrypt(keyring, row)) {
    await markTokensUndecryptable(db, agencyId);
    row = await db.nxsysConnection.findUnique({ where: { agencyId } });
    if (!row) return { status: 'NOT_CONNECTED' };
  }
  const connectedBy = row.connectedById
    ? await db.user.findFirst({ where: { id: row.connectedById, agencyId }, select: { name: true } })
    : null;
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    status: row.status,
    environment: row.environment,
    apiBaseUrl: row.apiBaseUrl,
    connectedBy: connectedBy?.name ?? null,
    connectedAt: row.connectedAt.toISOString(),
    accessTokenExpiresAt: iso(row.accessTokenExpiresAt),
    lastRefreshedAt: iso(row.lastRefreshedAt),
    lastVerifiedAt: iso(row.lastVerifiedAt),
    lastError: row.lastError,
    lastErrorAt: iso(row.lastErrorAt),
    consecutiveFailures: row.consecutiveFailures,
  };
}
