import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationHeader, buildAuthorizationUrl, nxsysProfile, rfc6749Profile } from '@/lib/server/oauth/dialects';
import { exchangeToken, OAuthError } from '@/lib/server/oauth/token-client';

/** A token endpoint that records what it receives and answers what the test says. */
function tokenServer() {
  const received: Record<string, string>[] = [];
  let answer: (form: Record<string, string>) => {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
    hang?: boolean;
  } = () => ({
    status: 500,
  });
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(raw));
      received.push({ ...form, 'content-type': req.headers['content-type'] ?? '' });
      const reply = answer(form);
      if (reply.hang) return;
      res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  return {
    received,
    set answer(fn: typeof answer) {
      answer = fn;
    },
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    start: () => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r())),
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const server = tokenServer();
beforeAll(() => server.start());
afterAll(() => server.stop());

const client = { clientId: 'NXSYS.ABCDEFGHIJKLMNOPQRSTUVWXYZ012345', clientSecret: 'c0ffee'.repeat(8) };
const now = () => new Date('2026-11-24T12:00:00Z');
const SECRET_VALUES = [client.clientSecret, 'the-code-123', 'refresh-old-456', 'user-password-789'];

function expectNoSecrets(error: unknown) {
  const text = [String(error), (error as Error).stack ?? '', JSON.stringify(error)].join('\n');
  for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
}

describe('Nxsys dialect', () => {
  const profile = () => nxsysProfile(server.url(), 'https://portal.nxsys.tech');

  it('builds the documented authorize URL', () => {
    const url = new URL(
      buildAuthorizationUrl(profile(), { clientId: client.clientId, redirectUri: 'https://app/cb', state: 'st', codeChallenge: 'ch' }),
    );
    expect(url.origin + url.pathname).toBe('https://portal.nxsys.tech/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      responseType: 'code',
      clientId: client.clientId,
      redirectUri: 'https://app/cb',
      state: 'st',
    });
  });

  it('exchanges a code with camelCase form fields and reads the 201 answer', async () => {
    server.answer = () => ({
      status: 201,
      body: { accessToken: 'at-1', tokenType: 'Nxsys-oauthtoken', expiresIn: 3600, refreshToken: 'rt-1' },
    });
    const tokens = await exchangeToken(
      profile(),
      client,
      { type: 'authorization_code', code: 'the-code-123', redirectUri: 'https://app/cb' },
      { now },
    );
    expect(server.received.at(-1)).toEqual({
      grantType: 'authorization_code',
      code: 'the-code-123',
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      redirectUri: 'https://app/cb',
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(tokens).toEqual({
      accessToken: 'at-1',
      tokenType: 'Nxsys-oauthtoken',
      expiresAt: new Date('2026-11-24T13:00:00Z'),
      refreshToken: 'rt-1',
    });
    expect(authorizationHeader(tokens, profile())).toBe('Nxsys-oauthtoken at-1');
  });

  it('refreshes with grantType=refresh_token, and keeps no refresh token when none is returned', async () => {
    server.answer = () => ({ status: 201, body: { accessToken: 'at-2', tokenType: 'Nxsys-oauthtoken', expiresIn: '60' } });
    const tokens = await exchangeToken(profile(), client, { type: 'refresh_token', refreshToken: 'refresh-old-456' }, { now });
    expect(server.received.at(-1)).toMatchObject({
      grantType: 'refresh_token',
      refreshToken: 'refresh-old-456',
      clientId: client.clientId,
    });
    expect(tokens.refreshToken).toBeUndefined();
    expect(tokens.expiresAt).toEqual(new Date('2026-11-24T12:01:00Z'));
  });

  it('maps the Nxsys error envelope, without secrets in the error', async () => {
    server.answer = () => ({ status: 400, body: { error: { code: 'invalid_grant', message: 'Invalid or expired refresh token' } } });
    const error = await exchangeToken(profile(), client, { type: 'refresh_token', refreshToken: 'refresh-old-456' }).catch((e) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ kind: 'invalid_grant', status: 400 });
    expectNoSecrets(error);
  });

  it('treats a 201 without a token as a protocol error', async () => {
    server.answer = () => ({ status: 201 });
    await expect(
      exchangeToken(profile(), client, { type: 'authorization_code', code: 'the-code-123', redirectUri: 'x' }),
    ).rejects.toMatchObject({
      kind: 'protocol',
    });
  });
});

describe('RFC 6749 dialect', () => {
  const profile = () =>
    rfc6749Profile({ name: 'profix', tokenUrl: `${server.url()}/token`, authorizeUrl: 'https://api.profix.example/Authorization' });

  it('speaks snake_case for every grant and sends Bearer tokens', async () => {
    server.answer = (form) => ({
      status: 200,
      body: {
        access_token: `at-${form.grant_type}`,
        token_type: 'bearer',
        expires_in: 600,
        ...(form.grant_type === 'client_credentials' ? {} : { refresh_token: 'rt-new' }),
      },
    });
    const code = await exchangeToken(
      profile(),
      client,
      { type: 'authorization_code', code: 'the-code-123', redirectUri: 'https://app/cb' },
      { now },
    );
    expect(server.received.at(-1)).toMatchObject({
      grant_type: 'authorization_code',
      code: 'the-code-123',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uri: 'https://app/cb',
    });
    expect(code).toMatchObject({
      accessToken: 'at-authorization_code',
      refreshToken: 'rt-new',
      expiresAt: new Date('2026-11-24T12:10:00Z'),
    });
    expect(authorizationHeader(code, profile())).toBe('Bearer at-authorization_code');

    const cc = await exchangeToken(profile(), client, { type: 'client_credentials' });
    expect(server.received.at(-1)).toEqual({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(cc.refreshToken).toBeUndefined();

    await exchangeToken(profile(), client, { type: 'password', username: 'support@profix.example', password: 'user-password-789' });
    expect(server.received.at(-1)).toMatchObject({
      grant_type: 'password',
      username: 'support@profix.example',
      password: 'user-password-789',
    });

    const refreshed = await exchangeToken(profile(), client, { type: 'refresh_token', refreshToken: 'refresh-old-456' });
    expect(server.received.at(-1)).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'refresh-old-456' });
    expect(refreshed.refreshToken).toBe('rt-new');
  });

  it('maps RFC error bodies and HTTP failures to kinds', async () => {
    const cases: [{ status: number; body?: unknown; headers?: Record<string, string> }, string, number | undefined][] = [
      [{ status: 400, body: { error: 'invalid_grant', error_description: 'expired' } }, 'invalid_grant', undefined],
      [{ status: 401, body: { error: 'invalid_client' } }, 'invalid_client', undefined],
      [{ status: 401, body: 'nope' }, 'invalid_client', undefined],
      [{ status: 400, body: { error: 'unsupported_grant_type' } }, 'unsupported_grant_type', undefined],
      [{ status: 503, headers: { 'Retry-After': '7' } }, 'transient', 7],
      [{ status: 429, headers: { 'Retry-After': '3' } }, 'transient', 3],
    ];
    for (const [reply, kind, retry] of cases) {
      server.answer = () => reply;
      const error = await exchangeToken(profile(), client, { type: 'refresh_token', refreshToken: 'refresh-old-456' }).catch((e) => e);
      expect(error).toMatchObject({ kind, ...(retry !== undefined ? { retryAfterSeconds: retry } : {}) });
      expectNoSecrets(error);
    }
  });

  it('bounds the wait: a hung endpoint is a transient failure', async () => {
    server.answer = () => ({ status: 200, hang: true });
    const error = await exchangeToken(profile(), client, { type: 'client_credentials' }, { timeoutMs: 300 }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'transient', message: 'The token endpoint did not answer in time.' });
  });

  it('a refused connection is a transient failure', async () => {
    const dead = rfc6749Profile({ name: 'dead', tokenUrl: 'http://127.0.0.1:9/token', authorizeUrl: 'http://x' });
    await expect(exchangeToken(dead, client, { type: 'client_credentials' })).rejects.toMatchObject({ kind: 'transient' });
  });
});
