import 'server-only';
import { z } from 'zod';
import { fieldName, type FieldName, type ProviderProfile } from './dialects';
import { retryAfterSeconds } from '../http/retry-after';

export type Grant =
  | { type: 'authorization_code'; code: string; redirectUri: string; codeVerifier?: string }
  | { type: 'refresh_token'; refreshToken: string }
  | { type: 'client_credentials' }
  | { type: 'password'; username: string; password: string };

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface TokenSet {
  accessToken: string;
  tokenType: string;
  expiresAt: Date;
  /** Absent when the provider did not send one (then the previous refresh token stays valid). */
  refreshToken?: string;
}

export type OAuthErrorKind = 'invalid_grant' | 'invalid_client' | 'invalid_request' | 'unsupported_grant_type' | 'transient' | 'protocol';

/**
 * A failed token request. The message is safe to log and show: it never holds a token, code or secret.
 */
export class OAuthError extends Error {
  override name = 'OAuthError';
  constructor(
    readonly kind: OAuthErrorKind,
    message: string,
    readonly status?: number,
    readonly providerCode?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** When a provider omits expiresIn, assume a short life so that we refresh early rather than fail. */
export const DEFAULT_EXPIRES_IN_SECONDS = 600;

const seconds = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);
const tokenResponse = z
  .object({
    accessToken: z.string().min(1).optional(),
    access_token: z.string().min(1).optional(),
    tokenType: z.string().optional(),
    token_type: z.string().optional(),
    expiresIn: seconds.optional(),
    expires_in: seconds.optional(),
    refreshToken: z.string().min(1).nullish(),
    refresh_token: z.string().min(1).nullish(),
  })
  .transform((r) => ({
    accessToken: r.accessToken ?? r.access_token,
    tokenType: r.tokenType ?? r.token_type,
    expiresIn: r.expiresIn ?? r.expires_in,
    refreshToken: r.refreshToken ?? r.refresh_token ?? undefined,
  }));

const KNOWN_KINDS = new Set<OAuthErrorKind>(['invalid_grant', 'invalid_client', 'invalid_request', 'unsupported_grant_type']);

/** Reads `{"error":"invalid_grant"}` (RFC 6749) and `{"error":{"code":"invalid_grant"}}` (Nxsys envelope). */
function providerErrorCode(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string') {
    return (error as { code: string }).code;
  }
  return undefined;
}

function formFor(profile: ProviderProfile, client: ClientCredentials, grant: Grant): URLSearchParams {
  const form = new URLSearchParams();
  const set = (field: FieldName, value: string) => form.set(fieldName(profile, field), value);
  set('grantType', grant.type);
  set('clientId', client.clientId);
  set('clientSecret', client.clientSecret);
  switch (grant.type) {
    case 'authorization_code':
      set('code', grant.code);
      set('redirectUri', grant.redirectUri);
      if (grant.codeVerifier) set('codeVerifier', grant.codeVerifier);
      break;
    case 'refresh_token':
      set('refreshToken', grant.refreshToken);
      break;
    case 'password':
      set('username', grant.username);
      set('password', grant.password);
      break;
    case 'client_credentials':
      break;
  }
  return form;
}

export interface ExchangeOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => Date;
}

/** One request to the provider's token endpoint, in its dialect. */
export async function exchangeToken(
  profile: ProviderProfile,
  client: ClientCredentials,
  grant: Grant,
  { fetch: doFetch = fetch, timeoutMs = 15_000, now = () => new Date() }: ExchangeOptions = {},
): Promise<TokenSet> {
  let response: Response;
  try {
    response = await doFetch(profile.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: formFor(profile, client, grant),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new OAuthError('transient', timedOut ? 'The token endpoint did not answer in time.' : 'The token endpoint could not be reached.');
  }

  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }

  if (!response.ok) {
    const code = providerErrorCode(body);
    if (response.status === 429 || response.status >= 500) {
      throw new OAuthError(
        'transient',
        `The token endpoint answered ${response.status}.`,
        response.status,
        code,
        retryAfterSeconds(response),
      );
    }
    const kind: OAuthErrorKind =
      code && KNOWN_KINDS.has(code as OAuthErrorKind) ? (code as OAuthErrorKind) : response.status === 401 ? 'invalid_client' : 'protocol';
    throw new OAuthError(
      kind,
      `The token endpoint refused the ${grant.type} grant (${response.status}${code ? `, ${code}` : ''}).`,
      response.status,
      code,
    );
  }

  const parsed = tokenResponse.safeParse(body);
  if (!parsed.success || !parsed.data.accessToken) {
    throw new OAuthError('protocol', `The token endpoint answered ${response.status} without an access token.`, response.status);
  }
  const { accessToken, tokenType, expiresIn, refreshToken } = parsed.data;
  return {
    accessToken,
    tokenType: tokenType?.trim() || profile.defaultTokenType,
    expiresAt: new Date(now().getTime() + (expiresIn ?? DEFAULT_EXPIRES_IN_SECONDS) * 1000),
    ...(refreshToken ? { refreshToken } : {}),
  };
}
