import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/server';
import { REDIRECT, api, authorize, client, connect, sandboxFor, token } from './helpers';

let sb: Sandbox;
/** A sandbox whose authorization codes have outlived their lifetime when issued: expiry without waiting. */
let expiredCodes: Sandbox;
beforeAll(async () => {
  sb = await sandboxFor();
  expiredCodes = await sandboxFor({ codeTtlMs: -1 });
});
afterAll(() => Promise.all([sb.close(), expiredCodes.close()]));

describe('sandbox OAuth', () => {
  it('gives the documented grant URL (with response_type) only to a valid client and registered redirect', async () => {
    const ok = await fetch(`${sb.apiUrl}/nxsys/oauth/grant-token-url?${new URLSearchParams({ ...client, redirectUri: REDIRECT })}`);
    expect(ok.status).toBe(200);
    const url = new URL(((await ok.json()) as { url: string }).url);
    expect(url.origin + url.pathname).toBe(`${sb.portalUrl}/oauth/authorize`);
    expect(url.searchParams.get('response_type')).toBe('code');
    const wrongSecret = await fetch(
      `${sb.apiUrl}/nxsys/oauth/grant-token-url?${new URLSearchParams({ clientId: client.clientId, clientSecret: 'x', redirectUri: REDIRECT })}`,
    );
    expect(wrongSecret.status).toBe(401);
  });

  it('shows a consent page, and refuses unknown clients or unregistered redirects without redirecting', async () => {
    const page = await fetch(
      `${sb.portalUrl}/oauth/authorize?${new URLSearchParams({ responseType: 'code', clientId: client.clientId, redirectUri: REDIRECT, state: 's' })}`,
    );
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<label for="email">Email</label>');
    expect(html).toContain('>Approve</button>');
    const evil = await fetch(
      `${sb.portalUrl}/oauth/authorize?${new URLSearchParams({ responseType: 'code', clientId: client.clientId, redirectUri: 'https://evil.example/cb', state: 's' })}`,
      { redirect: 'manual' },
    );
    expect(evil.status).toBe(400);
    expect(evil.headers.get('location')).toBeNull();
  });

  it('redirects with error=access_denied and the state when the user denies', async () => {
    const response = await fetch(`${sb.portalUrl}/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ clientId: client.clientId, redirectUri: REDIRECT, state: 'st-9', decision: 'deny' }),
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(Object.fromEntries(location.searchParams)).toEqual({ error: 'access_denied', state: 'st-9' });
  });

  it('exchanges a code once (201, Nxsys-oauthtoken), bound to its redirect URI', async () => {
    const code = await authorize(sb);
    const mismatch = await token(sb, { grantType: 'authorization_code', code, redirectUri: 'http://localhost:3999/other', ...client });
    expect(mismatch.body.error?.code).toBe('invalid_grant');
    const first = await token(sb, { grantType: 'authorization_code', code, redirectUri: REDIRECT, ...client });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      tokenType: 'Nxsys-oauthtoken',
      expiresIn: 3600,
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
    });
    const again = await token(sb, { grantType: 'authorization_code', code, redirectUri: REDIRECT, ...client });
    expect(again).toMatchObject({ status: 400, body: { error: { code: 'invalid_grant' } } });
  });

  it('refuses an expired code, a wrong secret, a missing field and a JSON body', async () => {
    const code = await authorize(expiredCodes);
    expect((await token(expiredCodes, { grantType: 'authorization_code', code, redirectUri: REDIRECT, ...client })).body.error?.code).toBe(
      'invalid_grant',
    );
    expect(
      await token(sb, { grantType: 'refresh_token', refreshToken: 'x', clientId: client.clientId, clientSecret: 'wrong' }),
    ).toMatchObject({
      status: 401,
      body: { error: { code: 'invalid_client' } },
    });
    expect(await token(sb, { grantType: 'refresh_token', ...client })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request', details: { field: 'refreshToken' } } },
    });
    const json = await fetch(`${sb.apiUrl}/nxsys/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grantType: 'refresh_token' }),
    });
    expect(json.status).toBe(400);
  });

  it('rotates refresh tokens: the new one works, the old one dies', async () => {
    const tokens = await connect(sb);
    const refreshed = await token(sb, { grantType: 'refresh_token', refreshToken: tokens.refreshToken, ...client });
    expect(refreshed.status).toBe(201);
    expect(refreshed.body.refreshToken).not.toBe(tokens.refreshToken);
    expect((await api(sb, refreshed.body.accessToken as string, '/nxsys/vat-code')).status).toBe(200);
    const old = await token(sb, { grantType: 'refresh_token', refreshToken: tokens.refreshToken, ...client });
    expect(old.body.error?.code).toBe('invalid_grant');
  });

  it('can answer refreshes without a new refresh token (the old one stays valid)', async () => {
    sb.control.setRefreshResponse('omit');
    try {
      const tokens = await connect(sb);
      const r1 = await token(sb, { grantType: 'refresh_token', refreshToken: tokens.refreshToken, ...client });
      expect(r1.body.refreshToken).toBeUndefined();
      expect((await token(sb, { grantType: 'refresh_token', refreshToken: tokens.refreshToken, ...client })).status).toBe(201);
    } finally {
      sb.control.setRefreshResponse('rotate');
    }
  });

  it('expires access tokens after the configured lifetime, and revocation kills tokens and refreshes', async () => {
    sb.control.setTokenTtl(1);
    expect((await connect(sb)).expiresIn).toBe(1);
    sb.control.setTokenTtl(3600);
    const tokens = await connect(sb);
    expect((await api(sb, tokens.accessToken, '/nxsys/vat-code')).status).toBe(200);
    sb.control.expireAccessTokens('COM-1'); // as if the lifetime had passed, without waiting for it
    expect((await api(sb, tokens.accessToken, '/nxsys/vat-code')).body.error.code).toBe('invalid_credentials');

    const live = await connect(sb);
    sb.control.revokeGrants('COM-1');
    expect((await api(sb, live.accessToken, '/nxsys/vat-code')).status).toBe(401);
    expect((await token(sb, { grantType: 'refresh_token', refreshToken: live.refreshToken, ...client })).body.error?.code).toBe(
      'invalid_grant',
    );
  });

  it('answers missing_credentials without the Nxsys-oauthtoken scheme', async () => {
    const tokens = await connect(sb);
    const bearer = await fetch(`${sb.apiUrl}/nxsys/vat-code`, { headers: { Authorization: `Bearer ${tokens.accessToken}` } });
    expect(((await bearer.json()) as { error: { code: string } }).error.code).toBe('missing_credentials');
  });
});
