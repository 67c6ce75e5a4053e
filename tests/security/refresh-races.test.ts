// Issue 25, item 6 (token refresh): a late refresh holder keeps the grant it obtained even when another instance
// has meanwhile marked the connection "reconnect required", and shutdown refuses new refreshes once draining and
// waits until no refresh is left (also one that started after it began waiting).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decryptToken, generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { lifecycle } from '@/lib/server/health';
import { stopJobEngine } from '@/lib/server/jobs';
import { getAccessToken, settleRefreshes, type TokenDeps } from '@/lib/server/nxsys/token-manager';
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
  sb = await sandboxFor(); // rotates refresh tokens
  Object.assign(process.env, { NEXTAUTH_URL: TEST_APP_ORIGIN, NEXTAUTH_SECRET: TEST_NEXTAUTH_SECRET, TOKEN_ENCRYPTION_KEY: key });
});
afterEach(() => {
  lifecycle.draining = false;
});
afterAll(async () => {
  await stopJobEngine({ graceful: false }); // the admins' alert e-mail queued a job
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

/** Each TokenDeps is one "instance": its own in-process single flight. */
const deps = (extra: Partial<TokenDeps> = {}): TokenDeps => ({ db, keyring, client, timeoutMs: 3000, ...extra });
const expire = (agencyId: string) => db.nxsysConnection.update({ where: { agencyId }, data: { accessTokenExpiresAt: new Date(0) } });
const connection = (agencyId: string) => db.nxsysConnection.findUniqueOrThrow({ where: { agencyId } });
const isTokenCall = (input: Parameters<typeof fetch>[0]) => String(input instanceof Request ? input.url : input).includes('/oauth/token');

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('a late refresh holder', () => {
  it('keeps the rotated grant although another instance marked the connection reconnect required meanwhile', async () => {
    const { agency } = await connectedAdmin(db, keyring, sandboxSettings(sb), sb);
    await expire(agency.id);
    const before = sb.control.stats().refreshGrants;
    let other: unknown;
    // Instance A: Nxsys answers its refresh (rotating the refresh token), then A stalls past its lease. Instance B
    // takes the lapsed lease over, presents the now dead refresh token, gets invalid_grant and marks the connection.
    const stalling: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      if (isTokenCall(input)) {
        await db.nxsysConnection.update({ where: { agencyId: agency.id }, data: { refreshClaimUntil: new Date(Date.now() - 1000) } });
        other = await getAccessToken(deps(), agency.id).catch((error: unknown) => error);
      }
      return answer;
    };
    const fresh = await getAccessToken(deps({ fetch: stalling }), agency.id);

    expect(other).toMatchObject({ code: 'nxsys_reconnect_required' }); // B did see the dead token
    expect(sb.control.stats().refreshGrants - before).toBe(2); // A's refresh, B's refused one
    const row = await connection(agency.id);
    expect(row).toMatchObject({ status: 'CONNECTED', refreshClaimId: null, lastError: null });
    expect(decryptToken(keyring, row.accessTokenCiphertext!, agency.id)).toBe(fresh.accessToken);
    // What is stored is the live pair: it refreshes again, and calls go on without a reconnect.
    const refreshToken = decryptToken(keyring, row.refreshTokenCiphertext!, agency.id);
    expect((await token(sb, { grantType: 'refresh_token', refreshToken, ...client })).status).toBe(201);
  });
});

describe('refreshes and shutdown', () => {
  it('once draining, no new refresh starts (Nxsys is not called); a token still fresh is served', async () => {
    const { agency } = await connectedAdmin(db, keyring, sandboxSettings(sb), sb);
    const before = sb.control.stats().refreshGrants;
    lifecycle.draining = true;
    await expect(getAccessToken(deps(), agency.id)).resolves.toMatchObject({ accessToken: expect.any(String) });
    await expire(agency.id);
    await expect(getAccessToken(deps(), agency.id)).rejects.toMatchObject({ code: 'nxsys_unavailable' });
    expect(sb.control.stats().refreshGrants - before).toBe(0);
    expect(await connection(agency.id)).toMatchObject({ status: 'CONNECTED', refreshClaimId: null });
  });

  it('settling waits for every refresh, also one that started after it began waiting', async () => {
    const first = await connectedAdmin(db, keyring, sandboxSettings(sb), sb);
    const second = await connectedAdmin(db, keyring, sandboxSettings(sb), sb);
    await Promise.all([expire(first.agency.id), expire(second.agency.id)]);
    const gates = { first: gate(), second: gate() };
    const reached = { first: gate(), second: gate() };
    const held =
      (name: 'first' | 'second'): typeof fetch =>
      async (input, init) => {
        if (isTokenCall(input)) {
          reached[name].open();
          await gates[name].opened;
        }
        return fetch(input, init);
      };
    const order: string[] = [];
    const firstRefresh = getAccessToken(deps({ fetch: held('first') }), first.agency.id).then(() => order.push('first stored'));
    await reached.first.opened;
    const settled = settleRefreshes(20_000).then(() => order.push('settled'));
    const secondRefresh = getAccessToken(deps({ fetch: held('second') }), second.agency.id).then(() => order.push('second stored'));
    await reached.second.opened;
    gates.first.open();
    await firstRefresh;
    // Let a settle that only waited for the first refresh finish now (no timer: just the pending callbacks).
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    gates.second.open();
    await Promise.all([settled, secondRefresh]);
    expect(order).toEqual(['first stored', 'second stored', 'settled']);
    expect((await connection(second.agency.id)).accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now());
  });
});
