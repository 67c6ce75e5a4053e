// OAuth 2.0 authorization code flow as the Nxsys docs describe it: grant URL and token endpoint on the API
// host, the consent page on the portal host, camelCase form fields, 201 answers, `Nxsys-oauthtoken` tokens.
import { randomBytes } from 'node:crypto';
import { HttpError, sendHtml, sendJson, type Ctx, type Router } from './http';
import type { Store } from './store';

export interface OAuthOptions {
  portalUrl: () => string;
  tokenTtlSeconds: () => number;
  refreshResponse: () => 'rotate' | 'same' | 'omit';
  codeTtlMs: number;
}

const token = (prefix: string) => `${prefix}.${randomBytes(24).toString('hex')}`;
const oauthError = (status: number, code: string, message: string, details: Record<string, unknown> = {}) =>
  new HttpError(status, code, message, details);

function clientFor(store: Store, clientId: string | null, clientSecret: string | null) {
  const client = clientId ? store.clients.get(clientId) : undefined;
  if (!client || client.clientSecret !== clientSecret) throw oauthError(401, 'invalid_client', 'Client authentication failed');
  return client;
}

export function registerOAuth(api: Router, portal: Router, store: Store, options: OAuthOptions) {
  api.on('GET', '/nxsys/oauth/grant-token-url', ({ url, res }) => {
    const q = url.searchParams;
    const client = clientFor(store, q.get('clientId'), q.get('clientSecret'));
    const redirectUri = q.get('redirectUri');
    if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
      throw oauthError(400, 'invalid_request', 'redirectUri is not registered for this client', { field: 'redirectUri' });
    }
    const authorize = new URL('/oauth/authorize', options.portalUrl());
    authorize.searchParams.set('clientId', client.clientId);
    authorize.searchParams.set('redirectUri', redirectUri);
    authorize.searchParams.set('response_type', 'code'); // sic: this endpoint's documented spelling
    sendJson(res, 200, { url: authorize.toString() });
  });

  api.on('POST', '/nxsys/oauth/token', ({ form, res }) => {
    store.stats.tokenRequests++;
    if (!form) throw oauthError(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded');
    const field = (name: string) => {
      const value = form.get(name);
      if (!value) throw oauthError(400, 'invalid_request', `${name} is required`, { field: name });
      return value;
    };
    const grantType = field('grantType');
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
      throw oauthError(400, 'unsupported_grant_type', 'grantType must be authorization_code or refresh_token', { field: 'grantType' });
    }
    const client = clientFor(store, field('clientId'), field('clientSecret'));
    const ttl = options.tokenTtlSeconds();

    if (grantType === 'authorization_code') {
      store.stats.authorizationCodeGrants++;
      const code = store.codes.get(field('code'));
      const redirectUri = field('redirectUri');
      if (!code || code.clientId !== client.clientId) throw oauthError(400, 'invalid_grant', 'The authorization code is invalid');
      if (code.used) throw oauthError(400, 'invalid_grant', 'The authorization code has already been used');
      if (code.expiresAt < Date.now()) throw oauthError(400, 'invalid_grant', 'The authorization code has expired');
      if (code.redirectUri !== redirectUri)
        throw oauthError(400, 'invalid_grant', 'redirectUri does not match the authorization request', { field: 'redirectUri' });
      code.used = true;
      const grant = {
        id: token('grant'),
        clientId: client.clientId,
        companyId: code.companyId,
        revoked: false,
        refreshToken: token('nxr'),
      };
      store.grants.set(grant.id, grant);
      const access = { token: token('nxa'), grantId: grant.id, expiresAt: Date.now() + ttl * 1000 };
      store.accessTokens.set(access.token, access);
      sendJson(res, 201, { accessToken: access.token, tokenType: 'Nxsys-oauthtoken', expiresIn: ttl, refreshToken: grant.refreshToken });
      return;
    }

    store.stats.refreshGrants++;
    const presented = field('refreshToken');
    const grant = [...store.grants.values()].find((g) => g.refreshToken === presented && g.clientId === client.clientId);
    if (!grant) throw oauthError(400, 'invalid_grant', 'Invalid or expired refresh token');
    if (grant.revoked) throw oauthError(400, 'invalid_grant', 'The grant has been revoked');
    const mode = options.refreshResponse();
    if (mode === 'rotate') grant.refreshToken = token('nxr'); // the presented one dies now
    const access = { token: token('nxa'), grantId: grant.id, expiresAt: Date.now() + ttl * 1000 };
    store.accessTokens.set(access.token, access);
    sendJson(res, 201, {
      accessToken: access.token,
      tokenType: 'Nxsys-oauthtoken',
      expiresIn: ttl,
      ...(mode === 'omit' ? {} : { refreshToken: grant.refreshToken }),
    });
  });

  const consentPage = (ctx: Ctx, params: URLSearchParams, error?: string) => {
    const client = store.clients.get(params.get('clientId') ?? '');
    const esc = (v: string | null) => (v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    sendHtml(
      ctx.res,
      error ? 401 : 200,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Nxsys — Connect ${esc(client?.name ?? '')}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#0f172a}label{display:block;margin-top:1rem;font-weight:600}input{width:100%;padding:.5rem;margin-top:.25rem;box-sizing:border-box}button{margin-top:1.5rem;margin-right:.5rem;padding:.6rem 1.2rem}.error{color:#b91c1c}</style></head>
<body><h1>Nxsys Admin</h1><p><strong>${esc(client?.name ?? '')}</strong> asks to access your umbrella company's data on Nxsys.</p>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/oauth/authorize">
<input type="hidden" name="clientId" value="${esc(params.get('clientId'))}"><input type="hidden" name="redirectUri" value="${esc(params.get('redirectUri'))}"><input type="hidden" name="state" value="${esc(params.get('state'))}">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" value="${esc(params.get('email'))}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit" name="decision" value="approve">Approve</button><button type="submit" name="decision" value="deny">Deny</button>
</form></body></html>`,
    );
  };

  /** Unknown client or unregistered redirect URI: an error page, never a redirect (no open redirector). */
  const checkClientRedirect = (params: URLSearchParams) => {
    const client = store.clients.get(params.get('clientId') ?? '');
    const redirectUri = params.get('redirectUri') ?? '';
    if (!client) throw new HttpError(400, 'invalid_client', 'Unknown client application');
    if (!client.redirectUris.includes(redirectUri))
      throw new HttpError(400, 'invalid_request', 'redirectUri is not registered for this client');
    return { client, redirectUri };
  };

  portal.on('GET', '/oauth/authorize', (ctx) => {
    const q = ctx.url.searchParams;
    const responseType = q.get('responseType') ?? q.get('response_type');
    checkClientRedirect(q);
    if (responseType !== 'code') throw new HttpError(400, 'invalid_request', 'responseType must be code');
    consentPage(ctx, q);
  });

  portal.on('POST', '/oauth/authorize', (ctx) => {
    const form = ctx.form ?? new URLSearchParams();
    const { client, redirectUri } = checkClientRedirect(form);
    const back = new URL(redirectUri);
    const state = form.get('state');
    if (form.get('decision') !== 'approve') {
      back.searchParams.set('error', 'access_denied');
      if (state) back.searchParams.set('state', state);
      ctx.res.writeHead(302, { Location: back.toString() }).end();
      return;
    }
    const user = store.users.find((u) => u.email === (form.get('email') ?? '').trim().toLowerCase() && u.password === form.get('password'));
    if (!user) return consentPage(ctx, form, 'Wrong email or password.');
    const code = {
      code: randomBytes(20).toString('hex'),
      clientId: client.clientId,
      redirectUri,
      companyId: user.companyId,
      expiresAt: Date.now() + options.codeTtlMs,
      used: false,
    };
    store.codes.set(code.code, code);
    back.searchParams.set('code', code.code);
    if (state) back.searchParams.set('state', state);
    ctx.res.writeHead(302, { Location: back.toString() }).end();
  });
}

/** `Authorization: Nxsys-oauthtoken <token>` → the umbrella company the token was granted for. */
export function authenticate(store: Store, header: string | undefined): string {
  const match = /^Nxsys-oauthtoken\s+(\S+)$/.exec(header ?? '');
  if (!match) throw new HttpError(401, 'missing_credentials', 'Authorization header with a Nxsys-oauthtoken is required');
  const access = store.accessTokens.get(match[1]!);
  const grant = access && store.grants.get(access.grantId);
  if (!access || !grant || grant.revoked || access.expiresAt < Date.now()) {
    throw new HttpError(401, 'invalid_credentials', 'The access token is invalid or has expired');
  }
  return grant.companyId;
}
