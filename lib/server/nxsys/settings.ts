import 'server-only';
import { parseKeyring, type Keyring } from '../crypto/token-encryption';
import { env } from '../env';
import { nxsysProfile, type ProviderProfile } from '../oauth/dialects';

/** The one fixed redirect URI registered with Nxsys for this portal. */
export const CALLBACK_PATH = '/api/nxsys/callback';

export interface NxsysSettings {
  environment: string;
  apiUrl: string;
  portalUrl: string;
  redirectUri: string;
  profile: ProviderProfile;
  /** Absent when this portal has no Nxsys client application configured: Connect is then unavailable. */
  client?: { clientId: string; clientSecret: string };
  timeoutMs: number;
}

export function nxsysSettings(): NxsysSettings {
  const e = env();
  return {
    environment: e.NXSYS_ENVIRONMENT,
    apiUrl: e.NXSYS_API_URL,
    portalUrl: e.NXSYS_PORTAL_URL,
    redirectUri: new URL(CALLBACK_PATH, e.NEXTAUTH_URL).toString(),
    profile: nxsysProfile(e.NXSYS_API_URL, e.NXSYS_PORTAL_URL),
    client: e.NXSYS_CLIENT_ID && e.NXSYS_CLIENT_SECRET ? { clientId: e.NXSYS_CLIENT_ID, clientSecret: e.NXSYS_CLIENT_SECRET } : undefined,
    timeoutMs: e.NXSYS_TIMEOUT_MS,
  };
}

let keyring: Keyring | undefined;
export function tokenKeyring(): Keyring {
  keyring ??= parseKeyring(env().TOKEN_ENCRYPTION_KEY);
  return keyring;
}
