import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { createSession } from '@/lib/server/auth/sessions';
import { decryptToken, encryptToken, generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { ApiError } from '@/lib/server/http/api-error';
import { nxsysRequest } from '@/lib/server/nxsys/client';
import { beginConnect, completeConnect, disconnect, STATE_TTL_MS } from '@/lib/connection/server';
import { reencryptAllTokens } from '@/lib/server/nxsys/reencrypt';
import type { NxsysSettings } from '@/lib/server/nxsys/settings';
import { getAccessToken, type TokenDeps } from '@/lib/server/nxsys/token-manager';
import type { Sandbox } from '../../sandbox/server';
import { testDb } from '../helpers/db';
import { connectedAdmin, consent as consentOn, newAdmin as newAdminOf, sandboxSettings } from '../helpers/nxsys';
import { REDIRECT, client, sandboxFor } from '../sandbox/helpers';

const db = testDb();
const keyEntry = generateKeyringEntry('k1');
const keyring = parseKeyring(keyEntry);
const policy = { idleMs: 3_600_000, absoluteMs: 3_600_000 };
let sb: Sandbox;
let settings: NxsysSettings;

beforeAll(async () => {
  sb = await sandboxFor();
  settings = sandboxSettings(sb);
});
afterAll(async () => {
  await sb.close();
  await db.$disconnect();
});
beforeEach(() => {
  sb.control.clearFaults();
  sb.control.setRefreshResponse('rotate');
});

const deps = (extra: Partial<TokenDeps> = {}): TokenDeps => ({ db, keyring, client, timeoutMs: 3000, ...extra });

const newAdmin = () => newAdminOf(db);
const consent = (authorizeUrl: string, email?: string, decision?: string) => consentOn(sb, authorizeUrl, email, decision);
const connected = (email?: string) => connectedAdmin(db, keyring, settings, sb, email);

const row = (agencyId: string) => db.nxsysConnection.findUnique({ where: { agencyId } });

describe('connect and callback', () => {
  it('stores the tokens encrypted (no plaintext in the row), bound to the agency, and audits it', async () => {
    const admin = await connected();
    const stored = (await row(admin.agency.id))!;
    expect(stored).toMatchObject({ status: 'CONNECTED', environment: 'sandbox', tokenKeyId: 'k1', connectedById: admin.id });
    const access = decryptToken(keyring, stored.accessTokenCiphertext!, admin.agency.id);
    const refresh = decryptToken(keyring, stored.refreshTokenCiphertext!, admin.agency.id);
    expect(sb.store.accessTokens.has(access)).toBe(true);
    const raw = JSON.stringify(await db.$queryRaw`SELECT * FROM "NxsysConnection" WHERE "agencyId" = ${admin.agency.id}`);
    expect(raw).not.toContain(access);
    expect(raw).not.toContain(refresh);
    expect(await db.auditEvent.count({ where: { agencyId: admin.agency.id, action: 'nxsys.connected' } })).toBe(1);
  });

  it('builds the documented authorize URL with a state of at least 128 bits', async () => {
    const url = new URL(await beginConnect(db, keyring, settings, await newAdmin()));
    expect(url.origin + url.pathname).toBe(`${sb.portalUrl}/oauth/authorize`);
    expect(url.searchParams.get('responseType')).toBe('code');
    expect(url.searchParams.get('redirectUri')).toBe(REDIRECT);
    expect(Buffer.from(url.searchParams.get('state')!, 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it('rejects a missing, forged, expired, reused or other session’s state, storing nothing', async () => {
    const admin = await newAdmin();
    const expectNothingStored = async () => expect(await row(admin.agency.id)).toBeNull();
    expect(await completeConnect(db, keyring, settings, admin, { code: 'x' })).toMatchObject({ ok: false, reason: 'missing_state' });
    expect(await completeConnect(db, keyring, settings, admin, { state: 'forged-state-value', code: 'x' })).toMatchObject({
      ok: false,
      reason: 'invalid_state',
    });

    const late = await consent(await beginConnect(db, keyring, settings, admin));
    const expired = await completeConnect(db, keyring, settings, admin, late, { now: () => new Date(Date.now() + STATE_TTL_MS + 1000) });
    expect(expired).toMatchObject({ ok: false, reason: 'expired_state' });
    await expectNothingStored();

    const otherSession = { ...admin, sessionId: await createSession(db, admin.id, policy) };
    const stolen = await consent(await beginConnect(db, keyring, settings, admin));
    expect(await completeConnect(db, keyring, settings, otherSession, stolen)).toMatchObject({ ok: false, reason: 'state_other_session' });
    await expectNothingStored();

    const once = await consent(await beginConnect(db, keyring, settings, admin));
    expect((await completeConnect(db, keyring, settings, admin, once)).ok).toBe(true);
    await disconnect(db, admin);
    const replay = await completeConnect(db, keyring, settings, admin, once);
    expect(replay).toMatchObject({ ok: false, reason: 'state_reused' });
    await expectNothingStored();
  });

  it('handles a denial and a replayed code without storing anything', async () => {
    const admin = await newAdmin();
    const denied = await consent(await beginConnect(db, keyring, settings, admin), undefined, 'deny');
    expect(denied.error).toBe('access_denied');
    expect(await completeConnect(db, keyring, settings, admin, denied)).toEqual({ ok: false, reason: 'access_denied' });

    const first = await consent(await beginConnect(db, keyring, settings, admin));
    const url = new URL(await beginConnect(db, keyring, settings, admin));
    const replayed = await completeConnect(db, keyring, settings, admin, { state: url.searchParams.get('state'), code: first.code });
    expect(replayed.ok).toBe(true); // the code's first use
    const again = new URL(await beginConnect(db, keyring, settings, admin));
    const result = await completeConnect(db, keyring, settings, admin, { state: again.searchParams.get('state'), code: first.code });
    expect(result).toMatchObject({ ok: false, reason: 'exchange_failed' });
    expect(JSON.stringify(result)).not.toContain(first.code!);
    expect((await row(admin.agency.id))?.status).toBe('CONNECTED');
  });
});

describe('refresh', () => {
  it('many concurrent callers with an expiring token cause exactly one refresh, across two database clients', async () => {
    const admin = await connected();
    const processA = deps();
    const otherDb = testDb();
    const processB = deps({ db: otherDb });
    try {
      // Both clients warm (connected, pool open) before the race: a cold client would start its transaction only
      // after the other had committed, and the test would pass without the lock.
      await Promise.all([db.$queryRaw`SELECT 1`, otherDb.$queryRaw`SELECT 1`]);
      for (let round = 0; round < 5; round++) {
        // An hour's token with 30 s left (the refresh margin is min(60 s, a quarter of the token's lifetime)).
        await db.nxsysConnection.update({
          where: { agencyId: admin.agency.id },
          data: { accessTokenExpiresAt: new Date(Date.now() + 30_000), lastRefreshedAt: new Date(Date.now() - 3_570_000) },
        });
        const before = sb.control.stats().refreshGrants;
        const tokens = await Promise.all(
          Array.from({ length: 30 }, (_, i) => getAccessToken(i % 2 ? processA : processB, admin.agency.id)),
        );
        expect(sb.control.stats().refreshGrants - before, `refresh calls in round ${round + 1}`).toBe(1);
        expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
      }
    } finally {
      await otherDb.$disconnect();
    }
    const stored = (await row(admin.agency.id))!;
    expect(stored.lastRefreshedAt).not.toBeNull();
    // The rotated refresh token was committed: the next refresh works.
    await db.nxsysConnection.update({ where: { agencyId: admin.agency.id }, data: { accessTokenExpiresAt: new Date(0) } });
    await expect(getAccessToken(deps(), admin.agency.id)).resolves.toMatchObject({ tokenType: 'Nxsys-oauthtoken' });
  });

  it('holds no database connection while the token endpoint answers (a pool of one still serves queries meanwhile)', async () => {
    const admin = await connected();
    const url = process.env.DATABASE_URL!;
    const single = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 1, connectionTimeoutMillis: 2_000 }) });
    try {
      await db.nxsysConnection.update({ where: { agencyId: admin.agency.id }, data: { accessTokenExpiresAt: new Date(0) } });
      let queriedDuringRefresh = false;
      const probingFetch: typeof fetch = async (input, init) => {
        if (String(input).endsWith('/nxsys/oauth/token')) {
          // With a transaction open across this call, the pool's only connection would be taken: this would time out.
          await single.$queryRaw`SELECT 1`;
          queriedDuringRefresh = true;
        }
        return fetch(input, init);
      };
      await expect(getAccessToken(deps({ db: single, fetch: probingFetch }), admin.agency.id)).resolves.toMatchObject({
        tokenType: 'Nxsys-oauthtoken',
      });
      expect(queriedDuringRefresh).toBe(true);
      expect((await row(admin.agency.id))!.refreshClaimId).toBeNull(); // the lease is released with the result
    } finally {
      await single.$disconnect();
    }
  });

  it("takes over a lease whose holder died (expired), and never overwrites a reconnect made under another's lease", async () => {
    const admin = await connected();
    const agencyId = admin.agency.id;
    // A dead instance's lease, expired a moment ago.
    await db.$executeRaw`UPDATE "NxsysConnection" SET "refreshClaimId" = 'dead-instance',
      "refreshClaimUntil" = (now() AT TIME ZONE 'UTC') - interval '1 second', "accessTokenExpiresAt" = ${new Date(0)} WHERE "agencyId" = ${agencyId}`;
    const before = sb.control.stats().refreshGrants;
    await expect(getAccessToken(deps(), agencyId)).resolves.toMatchObject({ tokenType: 'Nxsys-oauthtoken' });
    expect(sb.control.stats().refreshGrants - before).toBe(1);

    // A refresh in flight while an admin reconnects: the reconnect clears the lease, the late result is dropped.
    await db.nxsysConnection.update({ where: { agencyId }, data: { accessTokenExpiresAt: new Date(0) } });
    let reconnected = '';
    const slowFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).endsWith('/nxsys/oauth/token') && !reconnected) {
        // The admin connects again meanwhile.
        const query = await consent(await beginConnect(db, keyring, settings, admin));
        expect(await completeConnect(db, keyring, settings, admin, query)).toMatchObject({ ok: true });
        reconnected = decryptToken(keyring, (await row(agencyId))!.accessTokenCiphertext!, agencyId);
      }
      return response;
    };
    const token = await getAccessToken(deps({ fetch: slowFetch }), agencyId);
    expect(reconnected).not.toBe('');
    expect(decryptToken(keyring, (await row(agencyId))!.accessTokenCiphertext!, agencyId)).toBe(reconnected);
    expect(token.accessToken).toBe(reconnected);
  });

  it('keeps the old refresh token when a refresh returns none', async () => {
    sb.control.setRefreshResponse('omit');
    const admin = await connected();
    const before = (await row(admin.agency.id))!.refreshTokenCiphertext;
    await db.nxsysConnection.update({ where: { agencyId: admin.agency.id }, data: { accessTokenExpiresAt: new Date(0) } });
    await getAccessToken(deps(), admin.agency.id);
    expect((await row(admin.agency.id))!.refreshTokenCiphertext).toBe(before);
  });

  it('a revoked grant marks the connection "reconnect required", audits it, and stops refreshing', async () => {
    const admin = await connected();
    sb.control.revokeGrants('COM-1');
    await db.nxsysConnection.update({ where: { agencyId: admin.agency.id }, data: { accessTokenExpiresAt: new Date(0) } });
    await expect(getAccessToken(deps(), admin.agency.id)).rejects.toMatchObject({ code: 'nxsys_reconnect_required' });
    expect((await row(admin.agency.id))!.status).toBe('RECONNECT_REQUIRED');
    expect(await db.auditEvent.count({ where: { agencyId: admin.agency.id, action: 'nxsys.refresh_failed' } })).toBe(1);
    const requests = sb.control.stats().tokenRequests;
    await expect(getAccessToken(deps(), admin.agency.id)).rejects.toMatchObject({ code: 'nxsys_reconnect_required' });
    expect(sb.control.stats().tokenRequests).toBe(requests);
  });

  it('a lost race (refresh token changed meanwhile) is retried with the new token, not turned into a reconnect', async () => {
    const admin = await connected();
    const agencyId = admin.agency.id;
    await db.nxsysConnection.update({ where: { agencyId }, data: { accessTokenExpiresAt: new Date(0) } });
    let raced = false;
    const racingFetch: typeof fetch = async (input, init) => {
      if (!raced && String(input).endsWith('/nxsys/oauth/token')) {
        raced = true;
        // Another writer refreshes first (rotating the token we are about to present) and stores its result.
        const current = (await row(agencyId))!;
        const response = await fetch(input, {
          method: 'POST',
          body: new URLSearchParams({
            grantType: 'refresh_token',
            refreshToken: decryptToken(keyring, current.refreshTokenCiphertext!, agencyId),
            ...client,
          }),
        });
        const fresh = (await response.json()) as { accessToken: string; refreshToken: string };
        await db.nxsysConnection.update({
          where: { agencyId },
          data: {
            accessTokenCiphertext: encryptToken(keyring, fresh.accessToken, agencyId),
            refreshTokenCiphertext: encryptToken(keyring, fresh.refreshToken, agencyId),
            accessTokenExpiresAt: new Date(Date.now() + 3_600_000),
          },
        });
      }
      return fetch(input, init);
    };
    const token = await getAccessToken(deps({ fetch: racingFetch }), agencyId);
    expect(raced).toBe(true);
    expect((await row(agencyId))!.status).toBe('CONNECTED');
    expect(decryptToken(keyring, (await row(agencyId))!.accessTokenCiphertext!, agencyId)).toBe(token.accessToken);
  });

  it('a transient refresh failure backs off, is counted, and the still-valid token keeps working', async () => {
    const admin = await connected();
    await db.nxsysConnection.update({
      where: { agencyId: admin.agency.id },
      data: { accessTokenExpiresAt: new Date(Date.now() + 30_000), lastRefreshedAt: new Date(Date.now() - 3_570_000) },
    }); // an hour's token, 30 s left
    sb.control.setFaults({ failNext: 1, failStatus: 503, pathPrefix: '/nxsys/oauth/token' });
    const token = await getAccessToken(deps(), admin.agency.id);
    expect(token.accessToken).toBeTruthy();
    const stored = (await row(admin.agency.id))!;
    expect(stored).toMatchObject({ status: 'CONNECTED', consecutiveFailures: 1 });
    expect(stored.nextRefreshAttemptAt!.getTime()).toBeGreaterThan(Date.now());
  });
});

describe('encryption at rest', () => {
  it('a tampered ciphertext fails loudly', async () => {
    const admin = await connected();
    const stored = (await row(admin.agency.id))!;
    const parts = stored.accessTokenCiphertext!.split('.');
    parts[3] = (parts[3]![0] === 'A' ? 'B' : 'A') + parts[3]!.slice(1);
    await db.nxsysConnection.update({ where: { agencyId: admin.agency.id }, data: { accessTokenCiphertext: parts.join('.') } });
    // Never read as plaintext: the connection needs reconnecting (tests/security covers the page and the audit).
    await expect(getAccessToken(deps(), admin.agency.id)).rejects.toMatchObject({ code: 'nxsys_reconnect_required' });
    expect((await row(admin.agency.id))!.status).toBe('RECONNECT_REQUIRED');
  });

  it('a ciphertext moved to another agency’s row fails', async () => {
    const a = await connected();
    const b = await connected();
    const fromA = (await row(a.agency.id))!;
    await db.nxsysConnection.update({ where: { agencyId: b.agency.id }, data: { accessTokenCiphertext: fromA.accessTokenCiphertext } });
    await expect(getAccessToken(deps(), b.agency.id)).rejects.toMatchObject({ code: 'nxsys_reconnect_required' });
    expect((await row(b.agency.id))!.status).toBe('RECONNECT_REQUIRED');
  });

  it('after a key rotation old rows still decrypt, and re-encryption moves them to the new key', async () => {
    const admin = await connected();
    const rotated = parseKeyring(`${generateKeyringEntry('k2')},${keyEntry}`);
    const before = await getAccessToken(deps({ keyring: rotated }), admin.agency.id);
    const { changed, failed } = await reencryptAllTokens(db, rotated);
    expect(changed).toBeGreaterThanOrEqual(1);
    expect(failed).not.toContain(admin.agency.id); // rows tampered with by other tests are reported, not rewritten
    const stored = (await row(admin.agency.id))!;
    expect(stored.tokenKeyId).toBe('k2');
    expect(stored.accessTokenCiphertext!.startsWith('v1.k2.')).toBe(true);
    const onlyNew = parseKeyring(rotated.currentKid + ':' + rotated.keys.get('k2')!.toString('base64'));
    expect((await getAccessToken(deps({ keyring: onlyNew }), admin.agency.id)).accessToken).toBe(before.accessToken);
  });
});

describe('the Nxsys client', () => {
  it('each agency only ever uses its own connection', async () => {
    const a = await connected('payroll@brightwater.example');
    const b = await connected('payroll@harbour.example');
    const lonely = await newAdmin();
    const listA = await nxsysRequest(deps(), a.agency.id, { method: 'GET', path: '/nxsys/candidates', query: { size: 100 } });
    const listB = await nxsysRequest(deps(), b.agency.id, { method: 'GET', path: '/nxsys/candidates', query: { size: 100 } });
    expect((listA.body as { items: unknown[] }).items).toHaveLength(100);
    expect((listB.body as { items: unknown[] }).items.length).toBeLessThan(100);
    await expect(nxsysRequest(deps(), lonely.agency.id, { method: 'GET', path: '/nxsys/candidates' })).rejects.toMatchObject({
      code: 'nxsys_not_connected',
    });
  });

  it('refreshes once and retries when Nxsys answers 401', async () => {
    const admin = await connected();
    sb.control.expireAccessTokens();
    const result = await nxsysRequest(deps(), admin.agency.id, { method: 'GET', path: '/nxsys/vat-code' });
    expect(result.status).toBe(200);
  });

  it('retries reads on 429 (honouring Retry-After) and 5xx, but never writes', async () => {
    const admin = await connected();
    sb.control.setFaults({ rateLimitNext: 1, retryAfterSeconds: 0, failNext: 1, failStatus: 503 });
    expect((await nxsysRequest(deps(), admin.agency.id, { method: 'GET', path: '/nxsys/vat-code' })).status).toBe(200);
    sb.control.setFaults({ failNext: 1, failStatus: 503 });
    const before = sb.store.company('COM-1').paymentRates.length;
    const error = await nxsysRequest(deps(), admin.agency.id, {
      method: 'POST',
      path: '/nxsys/payment-rate',
      body: { code: 'PRX503', description: 'x', type: 'RATE', units: 'HOURLY', hoursPerUnit: 1, defaultVATCode: 'VC-1' },
    }).catch((e) => e);
    expect(error).toMatchObject({ code: 'nxsys_unavailable' });
    expect(sb.store.company('COM-1').paymentRates.length).toBe(before);
    sb.control.setFaults({ failNext: 5, failStatus: 502 });
    await expect(nxsysRequest(deps(), admin.agency.id, { method: 'GET', path: '/nxsys/vat-code' })).rejects.toMatchObject({
      code: 'nxsys_unavailable',
    });
  });

  it('lets a page that can do without a read ask for fewer attempts and a shorter timeout', async () => {
    const admin = await connected();
    sb.control.setFaults({ failNext: 2, failStatus: 503 });
    await expect(nxsysRequest(deps(), admin.agency.id, { method: 'GET', path: '/nxsys/vat-code', maxAttempts: 1 })).rejects.toMatchObject({
      code: 'nxsys_unavailable',
    });
    expect(sb.control.faults.failNext).toBe(1); // one attempt used one of the two failures
    sb.control.clearFaults();
    sb.control.setFaults({ hangNext: 1 });
    // The client's own timeout and read budget here are 10 minutes: only the page's 150 ms can end this hung request
    // within the test's timeout (no wall-clock bound to miss on a busy machine).
    await expect(
      nxsysRequest(deps({ timeoutMs: 600_000 }), admin.agency.id, {
        method: 'GET',
        path: '/nxsys/vat-code',
        maxAttempts: 1,
        timeoutMs: 150,
      }),
    ).rejects.toMatchObject({ code: 'nxsys_timeout' });
    sb.control.clearFaults();
  });

  it('bounds a hung request with a timeout', async () => {
    const admin = await connected();
    sb.control.setFaults({ hangNext: 5 });
    await expect(
      nxsysRequest(deps({ timeoutMs: 200 }), admin.agency.id, { method: 'POST', path: '/nxsys/payment-rate', body: {} }),
    ).rejects.toMatchObject({ code: 'nxsys_timeout' });
  });

  it('hands upstream validation errors back as field errors', async () => {
    const admin = await connected();
    const error = await nxsysRequest(deps(), admin.agency.id, {
      method: 'POST',
      path: '/nxsys/payment-rate',
      body: { code: 'PR100', description: '', type: 'RATE', units: 'HOURLY', hoursPerUnit: 1, defaultVATCode: 'VC-1' },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: 'nxsys_rejected', fieldErrors: { code: expect.stringContaining('already exists') } }); // the docs' details.field: the first one
    // Timesheet lines come back under the same paths the timesheet form uses (rates.N.field).
    const company = sb.store.company('COM-1');
    const line = { rateId: company.paymentRates[0]!.id, rate: '10.00', units: '1', vatID: 'VC-1' };
    const sheet = {
      subcontractorRef: company.candidates[0]!.id,
      startDate: '2026-11-16',
      endDate: '2026-11-22',
      taxYear: 2026,
      taxPeriodConfig: 33,
    };
    const lineError = await nxsysRequest(deps(), admin.agency.id, {
      method: 'POST',
      path: '/nxsys/time-sheets',
      body: { ...sheet, rates: [line, { ...line, vatID: 'VC-999' }] },
    }).catch((e) => e);
    expect(lineError).toMatchObject({ code: 'nxsys_rejected', fieldErrors: { 'rates.1.vatID': expect.any(String) } });
  });
});

describe('idle connections', () => {
  it('are refreshed in the background before their refresh token could lapse; fresh ones are left alone', async () => {
    const idle = await connected();
    const fresh = await connected();
    const dayAgo = new Date(Date.now() - 25 * 3_600_000);
    await db.nxsysConnection.update({ where: { agencyId: idle.agency.id }, data: { connectedAt: dayAgo, lastRefreshedAt: dayAgo } });
    await db.nxsysConnection.update({ where: { agencyId: fresh.agency.id }, data: { lastRefreshedAt: new Date() } });
    const freshBefore = (await row(fresh.agency.id))!.refreshTokenCiphertext;
    const idleBefore = (await row(idle.agency.id))!.refreshTokenCiphertext;
    const { refreshIdleConnections } = await import('@/lib/server/nxsys/idle-refresh');
    const result = await refreshIdleConnections(deps(), 24 * 3_600_000);
    expect(result.refreshed).toBeGreaterThanOrEqual(1);
    const after = (await row(idle.agency.id))!;
    expect(after.refreshTokenCiphertext).not.toBe(idleBefore);
    expect(after.lastRefreshedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect((await row(fresh.agency.id))!.refreshTokenCiphertext).toBe(freshBefore);
  });
});
