import { expect } from 'vitest';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { createSession } from '@/lib/server/auth/sessions';
import type { Keyring } from '@/lib/server/crypto/token-encryption';
import { beginConnect, completeConnect } from '@/lib/connection/server';
import type { NxsysSettings } from '@/lib/server/nxsys/settings';
import { nxsysProfile } from '@/lib/server/oauth/dialects';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, type Sandbox } from '../../sandbox/server';
import { createAgency, createUser } from './db';

const policy = { idleMs: 3_600_000, absoluteMs: 3_600_000 };

/** An admin of a new agency, signed in (a session row), as the connection code sees them. */
export async function newAdmin(db: PrismaClient) {
  const agency = await createAgency(db);
  const user = await createUser(db, agency.id, { role: 'ADMIN' });
  const sessionId = await createSession(db, user.id, policy);
  return { id: user.id, sessionId, agency: { id: agency.id, name: agency.name } };
}

/** The browser's part: follow our authorize URL to the sandbox consent page and approve (or deny). */
export async function consent(sb: Sandbox, authorizeUrl: string, email = 'payroll@brightwater.example', decision = 'approve') {
  const url = new URL(authorizeUrl);
  const response = await fetch(`${sb.portalUrl}/oauth/authorize`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({
      clientId: url.searchParams.get('clientId')!,
      redirectUri: url.searchParams.get('redirectUri')!,
      state: url.searchParams.get('state')!,
      email,
      password: 'sandbox-demo',
      decision,
    }),
  });
  const back = new URL(response.headers.get('location')!);
  return { state: back.searchParams.get('state'), code: back.searchParams.get('code'), error: back.searchParams.get('error') };
}

/** A new agency whose admin has connected it to the sandbox through the whole OAuth flow. */
export async function connectedAdmin(db: PrismaClient, keyring: Keyring, settings: NxsysSettings, sb: Sandbox, email?: string) {
  const admin = await newAdmin(db);
  const query = await consent(sb, await beginConnect(db, keyring, settings, admin), email);
  expect(await completeConnect(db, keyring, settings, admin, query)).toEqual({ ok: true, returnTo: '/connection' });
  return admin;
}

export const TEST_APP_ORIGIN = 'http://localhost:3999'; // the sandbox helpers' registered redirect URI lives here
export const TEST_NEXTAUTH_SECRET = 'integration-test-secret-of-at-least-32-characters';

/** The environment the product's own wiring (env → settings → callNxsys) reads, pointed at the sandbox. */
export function productEnv(sb: Sandbox, tokenKey: string): Record<string, string> {
  return {
    NEXTAUTH_URL: TEST_APP_ORIGIN,
    NEXTAUTH_SECRET: TEST_NEXTAUTH_SECRET,
    TOKEN_ENCRYPTION_KEY: tokenKey,
    NXSYS_ENVIRONMENT: 'sandbox',
    NXSYS_API_URL: sb.apiUrl,
    NXSYS_PORTAL_URL: sb.portalUrl,
    NXSYS_CLIENT_ID: DEMO_CLIENT_ID,
    NXSYS_CLIENT_SECRET: DEMO_CLIENT_SECRET,
  };
}

/** The portal's Nxsys settings for the in-process sandbox, with the helpers' registered redirect URI. */
export function sandboxSettings(sb: Sandbox, timeoutMs = 3000): NxsysSettings {
  return {
    environment: 'sandbox',
    apiUrl: sb.apiUrl,
    portalUrl: sb.portalUrl,
    redirectUri: `${TEST_APP_ORIGIN}/api/nxsys/callback`,
    profile: nxsysProfile(sb.apiUrl, sb.portalUrl),
    client: { clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET },
    timeoutMs,
  };
}
