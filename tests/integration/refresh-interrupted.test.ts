// A refresh whose instance died (or stalled) between Nxsys's answer and the store, with rotating refresh tokens
// (../shared/seeds/003, 004: a refresh returns a new refresh token and the presented one dies).
// - The holder that answers late (its lease lapsed, another instance took the lease over) still stores what Nxsys
//   gave it, as long as the row still holds the refresh token it used: the rotated pair is not thrown away.
// - When the holder died before storing, the next instance's refresh is refused (invalid_grant): the connection
//   says "reconnect required" with the reason, and the agency's admins are told once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptToken, generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { ApiError } from '@/lib/server/http/api-error';
import { getAccessToken, INTERRUPTED_REFRESH_REASON, type TokenDeps } from '@/lib/server/nxsys/token-manager';
// The composition root: the token layer's connection problems e-mail the admins, as in the app.
import '@/lib/registry';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { connectedAdmin, sandboxSettings, TEST_APP_ORIGIN, TEST_NEXTAUTH_SECRET } from '../helpers/nxsys';
import { client, sandboxFor, token } from '../sandbox/helpers';

const db = testDb();
const key = generateKeyringEntry('k1');
const keyring = parseKeyring(key);
const envBefore = { ...process.env };
let sb: Sandbox;

beforeAll(async () => {
  sb = await sandboxFor(); // rotates refresh tokens (the default)
  // The admins' alert e-mail is written with the portal's configuration (its links, its keyring).
  Object.assign(process.env, { NEXTAUTH_URL: TEST_APP_ORIGIN, NEXTAUTH_SECRET: TEST_NEXTAUTH_SECRET, TOKEN_ENCRYPTION_KEY: key });
});
afterAll(async () => {
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

const deps = (extra: Partial<TokenDeps> = {}): TokenDeps => ({ db, keyring, client, timeoutMs: 3000, ...extra });
const expire = (agencyId: string) => db.nxsysConnection.update({ where: { agencyId }, data: { accessTokenExpiresAt: new Date(0) } });
const storedRefreshToken = async (agencyId: string) => {
  const row = await db.nxsysConnection.findUniqueOrThrow({ where: { agencyId } });
  return decryptToken(keyring, row.refreshTokenCiphertext!, agencyId);
};

describe('a refresh interrupted between the answer and the store', () => {
  it('a late holder whose lease was taken over still stores the rotated tokens (the row still holds the token it used)', async () => {
    const { agency } = await connectedAdmin(db, keyring, sandboxSettings(sb), sb);
    await expire(agency.id);
    const before = sb.control.stats().refreshGrants;
    // While our refresh call is out, our lease lapses and another instance takes it over (it has not refreshed yet).
    const slowFetch: typeof fetch = async (input, init) => {
      if (String(input).includes('/oauth/token'))
        await db.nxsysConnection.update({
          where: { agencyId: agency.id },
          data: { refreshClaimId: 'another-instance', refreshClaimUntil: new Date(Date.now() + 60_000) },
        });
      return fetch(input, init);
    };
    const fresh = await getAccessToken(deps({ fetch: slowFetch }), agency.id);
    expect(sb.control.stats().refreshGrants - before).toBe(1);
    const row = await db.nxsysConnection.findUniqueOrThrow({ where: { agencyId: agency.id } });
    expect(row.status).toBe('CONNECTED');
    expect(decryptToken(keyring, row.accessTokenCiphertext!, agency.id)).toBe(fresh.accessToken);
    // The stored refresh token is the live one: it refreshes again.
    const { status } = await token(sb, { grantType: 'refresh_token', refreshToken: await storedRefreshToken(agency.id), ...client });
    expect(status).toBe(201);
  });

  it('a holder that died before storing: the next refresh is refused, reconnect required with the reason, admins told once', async () => {
    const { agency } = await connectedAdmin(db, keyring, sandboxSettings(sb), sb);
    // The dying instance took the lease and Nxsys answered it (rotating the refresh token), then it was killed.
    const { status } = await token(sb, { grantType: 'refresh_token', refreshToken: await storedRefreshToken(agency.id), ...client });
    expect(status).toBe(201);
    await db.nxsysConnection.update({
      where: { agencyId: agency.id },
      data: { refreshClaimId: 'killed-instance', refreshClaimUntil: new Date(Date.now() - 1_000), accessTokenExpiresAt: new Date(0) },
    });

    for (let i = 0; i < 2; i++) {
      const error = await getAccessToken(deps(), agency.id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('nxsys_reconnect_required');
    }
    const row = await db.nxsysConnection.findUniqueOrThrow({ where: { agencyId: agency.id } });
    expect(row).toMatchObject({ status: 'RECONNECT_REQUIRED', lastError: INTERRUPTED_REFRESH_REASON, refreshClaimId: null });
    expect(await db.auditEvent.count({ where: { agencyId: agency.id, action: 'nxsys.refresh_failed' } })).toBe(1);
    expect(await db.mailOutbox.count({ where: { agencyId: agency.id, kind: 'connection_alert' } })).toBe(1);
  });

  it('a refused refresh with no abandoned lease keeps the plain reason (revoked or lapsed grant)', async () => {
    const { agency } = await connectedAdmin(db, keyring, sandboxSettings(sb), sb);
    sb.control.revokeGrants();
    await expire(agency.id);
    await expect(getAccessToken(deps(), agency.id)).rejects.toMatchObject({ code: 'nxsys_reconnect_required' });
    const row = await db.nxsysConnection.findUniqueOrThrow({ where: { agencyId: agency.id } });
    expect(row.status).toBe('RECONNECT_REQUIRED');
    expect(row.lastError).not.toBe(INTERRUPTED_REFRESH_REASON);
  });
});
