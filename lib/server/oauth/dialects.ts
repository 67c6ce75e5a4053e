import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

/**
 * How one OAuth provider spells the token endpoint. The seeds show two dialects:
 * - Nxsys: camelCase form fields (grantType, clientId, …), 201 on success, token type `Nxsys-oauthtoken`
 *   sent back as `Authorization: Nxsys-oauthtoken <token>`, authorize URL params `responseType`/`clientId`/…;
 * - RFC 6749 (NXTsoft, Profix): snake_case fields, 200, `Bearer`.
 */
export interface ProviderProfile {
  name: string;
  tokenUrl: string;
  authorizeUrl: string;
  fields: 'camel' | 'snake';
  /** Token type to use when the token response does not name one. */
  defaultTokenType: string;
  /** Send a PKCE S256 challenge: only where the provider documents it. */
  pkce: boolean;
}

export function nxsysProfile(apiBaseUrl: string, portalBaseUrl: string): ProviderProfile {
  return {
    name: 'nxsys',
    tokenUrl: new URL('/nxsys/oauth/token', apiBaseUrl).toString(),
    authorizeUrl: new URL('/oauth/authorize', portalBaseUrl).toString(),
    fields: 'camel',
    defaultTokenType: 'Nxsys-oauthtoken',
    // The Nxsys docs do not mention PKCE; unknown parameters are not sent to a provider that never asked.
    pkce: false,
  };
}

export function rfc6749Profile(options: { name: string; tokenUrl: string; authorizeUrl: string; pkce?: boolean }): ProviderProfile {
  return { ...options, fields: 'snake', defaultTokenType: 'Bearer', pkce: options.pkce ?? false };
}

const NAMES = {
  camel: {
    grantType: 'grantType',
    code: 'code',
    clientId: 'clientId',
    clientSecret: 'clientSecret',
    redirectUri: 'redirectUri',
    refreshToken: 'refreshToken',
    codeVerifier: 'codeVerifier',
    responseType: 'responseType',
    state: 'state',
    codeChallenge: 'codeChallenge',
    codeChallengeMethod: 'codeChallengeMethod',
    username: 'username',
    password: 'password',
  },
  snake: {
    grantType: 'grant_type',
    code: 'code',
    clientId: 'client_id',
    clientSecret: 'client_secret',
    redirectUri: 'redirect_uri',
    refreshToken: 'refresh_token',
    codeVerifier: 'code_verifier',
    responseType: 'response_type',
    state: 'state',
    codeChallenge: 'code_challenge',
    codeChallengeMethod: 'code_challenge_method',
    username: 'username',
    password: 'password',
  },
} as const;

export type FieldName = keyof (typeof NAMES)['camel'];
export const fieldName = (profile: ProviderProfile, field: FieldName) => NAMES[profile.fields][field];

export function buildAuthorizationUrl(
  profile: ProviderProfile,
  params: { clientId: string; redirectUri: string; state: string; codeChallenge?: string },
): string {
  const url = new URL(profile.authorizeUrl);
  const set = (field: FieldName, value: string) => url.searchParams.set(fieldName(profile, field), value);
  set('responseType', 'code');
  set('clientId', params.clientId);
  set('redirectUri', params.redirectUri);
  set('state', params.state);
  if (profile.pkce && params.codeChallenge) {
    set('codeChallenge', params.codeChallenge);
    set('codeChallengeMethod', 'S256');
  }
  return url.toString();
}

/** `Nxsys-oauthtoken abc` / `Bearer abc`: the scheme the provider issued the token with. */
export function authorizationHeader(token: { tokenType?: string; accessToken: string }, profile: ProviderProfile): string {
  const type = token.tokenType?.trim() || profile.defaultTokenType;
  return `${type.toLowerCase() === 'bearer' ? 'Bearer' : type} ${token.accessToken}`;
}

/** An unguessable OAuth `state`: 256 random bits. */
export const createState = () => randomBytes(32).toString('base64url');

export function createPkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge, method: 'S256' as const };
}
