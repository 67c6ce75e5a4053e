import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { recordAudit } from '../audit';
import { decryptToken, encryptToken, TokenDecryptionError, type Keyring } from '../crypto/token-encryption';
import { nxsysProfile } from '../oauth/dialects';
import { exchangeToken, OAuthError, type ClientCredentials, type TokenSet } from '../oauth/token-client';
import { lifecycle } from '../health';
import { nxsysErrors } from './errors';
import { deleteShared, readShared, writeShared } from '../shared-cache';
import type { ConnectionSnapshot } from '../connection-snapshot';
import { log } from '../log';
import { reportConnectionProblem } from './connection-problems';

/** Refresh this long before the access token expires, so that no call goes out with a dying token… */
export const REFRESH_MARGIN_MS = 60_000;
/** …but never more than this share of the token's lifetime: a 30 s token is not refreshed on every call. */
const MARGIN_SHARE_OF_LIFETIME = 0.25;
/** After the token endpoint refused our client credentials, refreshes pause this long (every agency shares the fault). */
export const CLIENT_FAULT_PAUSE_MS = 5 * 60_000;
/** Token-endpoint answers that mean the installation is misconfigured (our client id/secret or requests), not one agency's grant. */
const CONFIGURATION_FAULTS = new Set(['invalid_client', 'unsupported_grant_type', 'invalid_request']);
const MAX_BACKOFF_MS = 10 * 60_000;

export interface TokenDeps {
  db: PrismaClient;
  keyring: Keyring;
  client?: ClientCredentials;
  fetch?: typeof fetch;
  now?: () => Date;
  timeoutMs?: number;
  /** Total time one read may take, retries included (default READ_BUDGET_MS in ./client). */
  readBudgetMs?: number;
}

export interface AccessToken {
  accessToken: string;
  tokenType: string;
  apiBaseUrl: string;
}

type ConnectionRow = NonNullable<Awaited<ReturnType<PrismaClient['nxsysConnection']['findUnique']>>>;

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Runs `work` in a transaction holding the agency's token lock (a PostgreSQL advisory lock, so it holds
 * across app processes). Every writer of a connection's tokens goes through here, briefly: no network call is
 * ever made inside (a refresh calls Nxsys under its lease, refreshOnce, and only stores the result here).
 */
export function withTokenLock<T>(db: PrismaClient, agencyId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`nxsys-token:${agencyId}`}))`;
      return work(tx);
    },
    { maxWait: 60_000, timeout: 60_000 },
  );
}

/**
 * Decrypted access tokens by keyring, agency and ciphertext: every write encrypts with a fresh nonce, so a ciphertext is one
 * version of the row and its plaintext never changes; a refresh anywhere writes a new ciphertext, which this
 * instance then decrypts once. (Decrypting on every call was a measured cost per proxied call.)
 */
const decryptedByKeyring = new WeakMap<Keyring, Map<string, string>>();
const MAX_DECRYPTED = 1_000;

function decryptAccessToken(keyring: Keyring, agencyId: string, ciphertext: string): string {
  let decrypted = decryptedByKeyring.get(keyring);
  if (!decrypted) decryptedByKeyring.set(keyring, (decrypted = new Map()));
  const key = `${agencyId}\n${ciphertext}`;
  const known = decrypted.get(key);
  if (known !== undefined) return known;
  const plaintext = decryptToken(keyring, ciphertext, agencyId);
  if (decrypted.size >= MAX_DECRYPTED) decrypted.delete(decrypted.keys().next().value!);
  decrypted.set(key, plaintext);
  return plaintext;
}

function readAccess(
  keyring: Keyring,
  row: Pick<ConnectionRow, 'agencyId' | 'accessTokenCiphertext' | 'tokenType' | 'apiBaseUrl'>,
): AccessToken {
  if (!row.accessTokenCiphertext) throw nxsysErrors.reconnectRequired();
  return {
    accessToken: decryptAccessToken(keyring, row.agencyId, row.accessTokenCiphertext),
    tokenType: row.tokenType ?? 'Nxsys-oauthtoken',
    apiBaseUrl: row.apiBaseUrl,
  };
}

/** min(60 s, a quarter of the token's lifetime), the lifetime measured from when we got the token. */
export function refreshMarginMs(row: Pick<ConnectionRow, 'accessTokenExpiresAt' | 'lastRefreshedAt' | 'connectedAt'>): number {
  if (!row.accessTokenExpiresAt) return REFRESH_MARGIN_MS;
  const lifetime = row.accessTokenExpiresAt.getTime() - (row.lastRefreshedAt ?? row.connectedAt).getTime();
  return Math.min(REFRESH_MARGIN_MS, Math.max(0, lifetime * MARGIN_SHARE_OF_LIFETIME));
}

const isFresh = (row: Pick<ConnectionRow, 'accessTokenExpiresAt' | 'lastRefreshedAt' | 'connectedAt'>, now: Date) =>
  !!row.accessTokenExpiresAt && row.accessTokenExpiresAt.getTime() - refreshMarginMs(row) > now.getTime();

/**
 * The installation-wide fault "Nxsys refused this portal's client credentials". It is not any agency's fault: no
 * connection is marked "reconnect required". Kept in PostgreSQL (lib/server/shared-cache.ts) under a hash of the
 * credentials, so every app instance pauses its refreshes, and fixed credentials start afresh.
 */
const faultKey = (deps: TokenDeps) =>
  `nxsys-client-fault:${createHash('sha256')
    .update(`${deps.client?.clientId ?? ''}\n${deps.client?.clientSecret ?? ''}`)
    .digest('base64url')}`;

export async function clientCredentialsFault(deps: TokenDeps): Promise<{ at: Date; message: string } | null> {
  const fault = await readShared<{ at: number; message: string }>(faultKey(deps), deps.db, deps.now?.() ?? new Date());
  return fault ? { at: new Date(fault.at), message: fault.message } : null;
}

async function pausedByClientFault(deps: TokenDeps, now: Date) {
  const fault = await clientCredentialsFault(deps);
  return !!fault && now.getTime() - fault.at.getTime() < CLIENT_FAULT_PAUSE_MS;
}

/** Stores a token set, encrypted under the current key, keeping the old refresh token if none came back. */
export function encryptedTokenFields(keyring: Keyring, agencyId: string, tokens: TokenSet, previousRefreshCiphertext?: string | null) {
  return {
    accessTokenCiphertext: encryptToken(keyring, tokens.accessToken, agencyId),
    refreshTokenCiphertext: tokens.refreshToken
      ? encryptToken(keyring, tokens.refreshToken, agencyId)
      : (previousRefreshCiphertext ?? null),
    tokenKeyId: keyring.currentKid,
    tokenType: tokens.tokenType,
    accessTokenExpiresAt: tokens.expiresAt,
  };
}

const CLIENT_REFUSED_NOTE = "Nxsys refused the portal's client credentials (a configuration fault of the portal, not of this connection).";

// In one process (one TokenDeps), concurrent callers for one agency share a single refresh; across
// processes the refresh lease on the row (refreshOnce) makes the others wait and then reuse the stored token.
const inFlightByDeps = new WeakMap<TokenDeps, Map<string, Promise<AccessToken>>>();

/**
 * A usable access token for the agency's Nxsys connection, refreshed when it is about to expire (or when
 * `rejected` — a token Nxsys just refused — is still the stored one). `snapshot`: the row as this request's session
 * look-up read it a moment ago (lib/server/connection-snapshot.ts; `null`: no row), used instead of reading it again
 * while its token is fresh.
 */
export async function getAccessToken(
  deps: TokenDeps,
  agencyId: string,
  rejected?: string,
  snapshot?: ConnectionSnapshot | null,
): Promise<AccessToken> {
  try {
    return await accessTokenFor(deps, agencyId, rejected, snapshot);
  } catch (error) {
    // Stored tokens that no longer decrypt (a row copied from another agency, a lost key, damage): no call can
    // ever be made with them, so the connection says "reconnect required" instead of every read failing with 500.
    if (!(error instanceof TokenDecryptionError)) throw error;
    await markTokensUndecryptable(deps.db, agencyId);
    throw nxsysErrors.reconnectRequired();
  }
}

async function accessTokenFor(
  deps: TokenDeps,
  agencyId: string,
  rejected?: string,
  snapshot?: ConnectionSnapshot | null,
): Promise<AccessToken> {
  const now = deps.now?.() ?? new Date();
  if (snapshot !== undefined && rejected === undefined) {
    if (!snapshot) throw nxsysErrors.notConnected();
    if (snapshot.status === 'RECONNECT_REQUIRED') throw nxsysErrors.reconnectRequired();
    if (isFresh(snapshot, now)) return readAccess(deps.keyring, snapshot);
  }
  const row = await deps.db.nxsysConnection.findUnique({ where: { agencyId } });
  if (!row) throw nxsysErrors.notConnected();
  if (row.status === 'RECONNECT_REQUIRED') throw nxsysErrors.reconnectRequired();
  if (isFresh(row, now)) {
    const current = readAccess(deps.keyring, row);
    if (current.accessToken !== rejected) return current;
  }
  const key = `${agencyId}:${rejected ?? ''}`;
  let inFlight = inFlightByDeps.get(deps);
  if (!inFlight) inFlightByDeps.set(deps, (inFlight = new Map()));
  let flight = inFlight.get(key);
  if (!flight) {
    // Shutting down: settleRefreshes is waiting for the refreshes under way; a new one could outlive the database.
    if (lifecycle.draining) throw nxsysErrors.unavailable(' (this portal instance is shutting down)');
    const flights = inFlight;
    flight = refreshUnderLock(deps, agencyId, rejected).finally(() => {
      flights.delete(key);
      refreshesInFlight.delete(flight!);
    });
    inFlight.set(key, flight);
    refreshesInFlight.add(flight);
  }
  return flight;
}

/** Every refresh this process has under way (whatever asked for it: a request, a job, a request that gave up). */
const refreshesInFlight = new Set<Promise<AccessToken>>();

/**
 * Waits for this process's refreshes under way to end (at most `timeoutMs`). Graceful shutdown calls it before
 * closing the database: a refresh Nxsys has answered must be stored, or a rotated grant is lost. Looks again until
 * none is left: one that started while the first ones were settling is waited for too.
 */
export async function settleRefreshes(timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (refreshesInFlight.size > 0 && Date.now() < deadline) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...refreshesInFlight]),
      new Promise((resolve) => (timer = setTimeout(resolve, deadline - Date.now()))),
    ]).finally(() => clearTimeout(timer));
  }
}

/** How long one instance's refresh lease lasts beyond the token call's own timeout (then another may take over). */
const CLAIM_SLACK_MS = 5_000;
/** How often an instance waiting for another one's refresh looks at the row again. */
const CLAIM_POLL_MS = 25;

type Outcome =
  | { token: AccessToken }
  | { clientRefused: true }
  | { transient: OAuthError }
  | { reconnect: string; usedRefreshCiphertext?: string | null }
  | { lost: true };

/**
 * Takes the connection's refresh lease (refreshClaimId/refreshClaimUntil, compared on the database clock) when no
 * live lease exists. One short statement, so no connection of the pool is held while Nxsys answers. Says whether
 * it took over a lease that lapsed without being released: its holder died (or stalled) mid-refresh, and with
 * rotating refresh tokens Nxsys may already have answered it and killed the stored refresh token.
 */
async function claimRefresh(db: PrismaClient, agencyId: string, claimId: string, leaseMs: number): Promise<false | { abandoned: boolean }> {
  const claimed = await db.$queryRaw<{ abandoned: boolean }[]>`
    WITH previous AS (SELECT "refreshClaimId" FROM "NxsysConnection" WHERE "agencyId" = ${agencyId} FOR UPDATE)
    UPDATE "NxsysConnection" SET "refreshClaimId" = ${claimId},
      "refreshClaimUntil" = (now() AT TIME ZONE 'UTC') + (${leaseMs}::int * interval '1 millisecond')
    FROM previous
    WHERE "agencyId" = ${agencyId} AND ("refreshClaimUntil" IS NULL OR "refreshClaimUntil" < (now() AT TIME ZONE 'UTC'))
    RETURNING previous."refreshClaimId" IS NOT NULL AS abandoned`;
  return claimed.length > 0 && { abandoned: claimed[0]!.abandoned };
}

/** Shown on the connection page (and in the audit log) when a refresh was cut short between Nxsys's answer and our store. */
export const INTERRUPTED_REFRESH_REASON =
  'A refresh of the Nxsys tokens was interrupted (the portal instance making it stopped before it could store the new ' +
  'tokens), and Nxsys no longer accepts the old ones. Reconnect to carry on.';

/**
 * Writes under the lease (and the token lock, briefly): nothing when the lease was lost to a reconnect or disconnect.
 * With `usedRefreshCiphertext`, also when the lease lapsed meanwhile but the row still holds the refresh token this
 * refresh used: Nxsys has answered, with rotation the old refresh token is dead, so what it answered must be kept
 * (whoever took the lease over then finds the new tokens, or gets invalid_grant and sees the row changed).
 */
async function writeUnderClaim(
  db: PrismaClient,
  agencyId: string,
  claimId: string,
  data: Prisma.NxsysConnectionUpdateManyMutationInput,
  usedRefreshCiphertext?: string,
) {
  return withTokenLock(db, agencyId, async (tx) => {
    const updated = await tx.nxsysConnection.updateMany({
      where: {
        agencyId,
        OR: [
          { refreshClaimId: claimId },
          // Whatever status another instance set meanwhile: its "reconnect required" came from presenting this same
          // dead refresh token, and the pair Nxsys gave us is the grant's live one.
          ...(usedRefreshCiphertext ? [{ refreshTokenCiphertext: usedRefreshCiphertext }] : []),
        ],
      },
      data: { ...data, refreshClaimId: null, refreshClaimUntil: null },
    });
    if (!updated.count) return null;
    return tx.nxsysConnection.findUnique({ where: { agencyId } });
  });
}

async function refreshUnderLock(deps: TokenDeps, agencyId: string, rejected?: string): Promise<AccessToken> {
  const { db } = deps;
  const leaseMs = (deps.timeoutMs ?? 15_000) + CLAIM_SLACK_MS;
  const giveUpAt = Date.now() + 2 * leaseMs + 10_000;
  for (;;) {
    const outcome = await refreshOnce(deps, agencyId, rejected, leaseMs);
    if ('token' in outcome) return outcome.token;
    if ('clientRefused' in outcome) throw nxsysErrors.clientRefused();
    if ('transient' in outcome)
      throw outcome.transient.retryAfterSeconds ? nxsysErrors.rateLimited(outcome.transient.retryAfterSeconds) : nxsysErrors.unavailable();
    if ('lost' in outcome) {
      // Another instance holds the lease (or took the row from under us): wait for its result, then look again.
      if (Date.now() > giveUpAt) throw nxsysErrors.unavailable(' (token refresh is taking too long)');
      await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
      continue;
    }
    // The grant is dead (revoked, expired, rotated away) — unless the row changed meanwhile, e.g. an admin
    // reconnected or a late holder stored the rotated tokens: then that is a lost race, and the new token is the
    // answer. Compare-and-set on the refresh token used, so a store landing just now is never marked dead.
    if (await markReconnectRequired(db, agencyId, outcome.reconnect, outcome.usedRefreshCiphertext)) throw nxsysErrors.reconnectRequired();
    const latest = await db.nxsysConnection.findUnique({ where: { agencyId } });
    if (latest?.status === 'CONNECTED' && latest.refreshTokenCiphertext !== outcome.usedRefreshCiphertext)
      return getAccessToken(deps, agencyId);
    throw nxsysErrors.reconnectRequired();
  }
}

/**
 * One attempt: read the row; if it still needs a refresh, take the lease and call the token endpoint with no
 * transaction open; store the result only if the lease is still ours. `lost` means "someone else is on it".
 */
async function refreshOnce(deps: TokenDeps, agencyId: string, rejected: string | undefined, leaseMs: number): Promise<Outcome> {
  const { db, keyring } = deps;
  const decide = async (row: ConnectionRow | null, now: Date): Promise<Outcome | 'refresh'> => {
    if (!row) throw nxsysErrors.notConnected();
    if (row.status === 'RECONNECT_REQUIRED') throw nxsysErrors.reconnectRequired();
    if (isFresh(row, now)) {
      const current = readAccess(keyring, row);
      if (current.accessToken !== rejected) return { token: current };
    }
    if (!deps.client) throw nxsysErrors.notConfigured();
    if (await pausedByClientFault(deps, now)) {
      // Our credentials were refused a moment ago: asking again now would only hammer the token endpoint.
      if (row.accessTokenExpiresAt && row.accessTokenExpiresAt > now && rejected === undefined) return { token: readAccess(keyring, row) };
      // This agency's work stops too: its admins hear of it (once per incident, whichever instance saw the refusal).
      await reportConnectionProblem(db, { agencyId: row.agencyId, problem: 'client_refused' });
      return { clientRefused: true };
    }
    if (row.nextRefreshAttemptAt && row.nextRefreshAttemptAt > now) {
      // Backing off after a transient failure: use the old token while it still works.
      if (row.accessTokenExpiresAt && row.accessTokenExpiresAt > now && rejected === undefined) return { token: readAccess(keyring, row) };
      throw nxsysErrors.unavailable(' (token refresh is backing off)');
    }
    if (!row.refreshTokenCiphertext) return { reconnect: 'no refresh token stored' };
    return 'refresh';
  };

  const first = await decide(await db.nxsysConnection.findUnique({ where: { agencyId } }), deps.now?.() ?? new Date());
  if (first !== 'refresh') return first;
  const claimId = randomUUID();
  const claim = await claimRefresh(db, agencyId, claimId, leaseMs);
  if (!claim) return { lost: true };

  // Re-read under the lease: another instance may have refreshed between our read and our claim.
  const row = await db.nxsysConnection.findUnique({ where: { agencyId } });
  const now = deps.now?.() ?? new Date();
  let decision: Outcome | 'refresh';
  try {
    decision = await decide(row, now);
  } catch (error) {
    await releaseClaim(db, agencyId, claimId);
    throw error;
  }
  if (decision !== 'refresh') {
    await releaseClaim(db, agencyId, claimId);
    return decision;
  }
  const current = row!;
  const finish = async (data: Prisma.NxsysConnectionUpdateManyMutationInput) => writeUnderClaim(db, agencyId, claimId, data);

  let tokens: TokenSet;
  try {
    const refreshToken = decryptToken(keyring, current.refreshTokenCiphertext!, agencyId);
    tokens = await exchangeToken(
      nxsysProfile(current.apiBaseUrl, current.portalBaseUrl),
      deps.client!,
      { type: 'refresh_token', refreshToken },
      { fetch: deps.fetch, now: deps.now, timeoutMs: deps.timeoutMs },
    );
  } catch (error) {
    if (!(error instanceof OAuthError)) {
      await releaseClaim(db, agencyId, claimId);
      throw error;
    }
    if (CONFIGURATION_FAULTS.has(error.kind)) {
      // The portal's configuration, shared by every agency and instance: this connection stays as it is.
      await writeShared(faultKey(deps), { at: now.getTime(), message: error.message }, CLIENT_FAULT_PAUSE_MS, db, now);
      if (!(await finish({ lastError: CLIENT_REFUSED_NOTE, lastErrorAt: now }))) return { lost: true };
      await reportConnectionProblem(db, { agencyId, problem: 'client_refused' });
      if (current.accessTokenExpiresAt && current.accessTokenExpiresAt > now && rejected === undefined)
        return { token: readAccess(keyring, current) };
      return { clientRefused: true };
    }
    if (error.kind === 'transient') {
      const failures = current.consecutiveFailures + 1;
      const backoff = Math.min(2 ** (failures - 1) * 5_000, MAX_BACKOFF_MS);
      const written = await finish({
        consecutiveFailures: failures,
        nextRefreshAttemptAt: new Date(now.getTime() + Math.max(backoff, (error.retryAfterSeconds ?? 0) * 1000)),
        lastError: error.message,
        lastErrorAt: now,
      });
      if (!written) return { lost: true };
      if (current.accessTokenExpiresAt && current.accessTokenExpiresAt > now && rejected === undefined)
        return { token: readAccess(keyring, current) };
      return { transient: error };
    }
    await releaseClaim(db, agencyId, claimId);
    // The lease we took over had lapsed unreleased: its holder was cut short, most likely after Nxsys rotated the
    // refresh token and before the new one was stored. Say so, rather than "revoked".
    return {
      reconnect: claim.abandoned ? INTERRUPTED_REFRESH_REASON : error.message,
      usedRefreshCiphertext: current.refreshTokenCiphertext,
    };
  }

  // Stored at once, nothing in between: with rotating refresh tokens the old one died when Nxsys answered, so until
  // this commit the grant lives only in this process (on SIGTERM, shutdown waits for it: settleRefreshes).
  const updated = await writeUnderClaim(
    db,
    agencyId,
    claimId,
    {
      ...encryptedTokenFields(keyring, agencyId, tokens, current.refreshTokenCiphertext),
      status: 'CONNECTED',
      lastRefreshedAt: now,
      consecutiveFailures: 0,
      nextRefreshAttemptAt: null,
      lastError: null,
      lastErrorAt: null,
    },
    current.refreshTokenCiphertext!,
  );
  // The row was replaced meanwhile (a reconnect, a disconnect): what is stored now is the answer.
  if (!updated) return { lost: true };
  await deleteShared(faultKey(deps), db);
  return { token: readAccess(keyring, updated) };
}

async function releaseClaim(db: PrismaClient, agencyId: string, claimId: string) {
  await db.nxsysConnection.updateMany({
    where: { agencyId, refreshClaimId: claimId },
    data: { refreshClaimId: null, refreshClaimUntil: null },
  });
}

/** Marks the connection reconnect required (with `usedRefreshCiphertext`: only while the row still holds that refresh token). */
export async function markReconnectRequired(db: PrismaClient, agencyId: string, reason: string, usedRefreshCiphertext?: string | null) {
  const updated = await db.nxsysConnection.updateMany({
    where: {
      agencyId,
      status: 'CONNECTED',
      ...(usedRefreshCiphertext !== undefined ? { refreshTokenCiphertext: usedRefreshCiphertext } : {}),
    },
    data: { status: 'RECONNECT_REQUIRED', lastError: reason, lastErrorAt: new Date() },
  });
  if (updated.count > 0) {
    await recordAudit(db, { agencyId, actorId: null, action: 'nxsys.refresh_failed', targetType: 'nxsys_connection', details: { reason } });
    await reportConnectionProblem(db, { agencyId, problem: 'reconnect_required' });
  }
  return updated.count > 0;
}

export const UNDECRYPTABLE_REASON =
  'The stored Nxsys tokens could not be decrypted (a changed key or a damaged or copied row). Reconnect to carry on.';

/** Stored tokens that do not decrypt: reconnect required, audited once (a person has to act). */
export async function markTokensUndecryptable(db: PrismaClient, agencyId: string) {
  const updated = await db.nxsysConnection.updateMany({
    where: { agencyId, status: 'CONNECTED' },
    data: { status: 'RECONNECT_REQUIRED', lastError: UNDECRYPTABLE_REASON, lastErrorAt: new Date() },
  });
  if (updated.count > 0) {
    log.error({ agencyId }, 'Nxsys tokens do not decrypt: connection marked reconnect required');
    await recordAudit(db, { agencyId, actorId: null, action: 'nxsys.tokens_undecryptable', targetType: 'nxsys_connection' });
    await reportConnectionProblem(db, { agencyId, problem: 'reconnect_required' });
  }
}

/** Whether a connection's stored tokens decrypt with the current keyring (no token is returned). */
export function tokensDecrypt(
  keyring: Keyring,
  row: Pick<ConnectionRow, 'agencyId' | 'accessTokenCiphertext' | 'refreshTokenCiphertext'>,
): boolean {
  try {
    for (const ciphertext of [row.accessTokenCiphertext, row.refreshTokenCiphertext])
      if (ciphertext) decryptToken(keyring, ciphertext, row.agencyId);
    return true;
  } catch (error) {
    if (error instanceof TokenDecryptionError) return false;
    throw error;
  }
}
