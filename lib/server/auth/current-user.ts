import 'server-only';
import { decode } from 'next-auth/jwt';
import { cookies } from 'next/headers';
import { NextRequest } from 'next/server';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { db } from '../db';
import { env } from '../env';
import { sessionCookieName, sessionPolicy } from './config';
import { resolveSession, type CurrentUser } from './sessions';

export type { CurrentUser } from './sessions';

/**
 * Decoding the next-auth cookie (HKDF key derivation + JWE decryption) was a measured share of every API call
 * (bench/profile-summary.ts); the cookie's content never changes, so its session id is kept per cookie value until
 * the cookie's own expiry. The session row is still read on every request: sign-out and timeouts act at once.
 */
const decodedTokens = new Map<string, { sid: string; exp: number }>();
const MAX_DECODED_TOKENS = 5_000;

async function sessionIdFromToken(token: string | undefined): Promise<string | null> {
  if (!token) return null;
  const known = decodedTokens.get(token);
  if (known && known.exp > Date.now()) return known.sid;
  try {
    const payload = await decode({ token, secret: env().NEXTAUTH_SECRET });
    if (typeof payload?.sid !== 'string') return null;
    const exp = typeof payload.exp === 'number' ? payload.exp * 1000 : Date.now() + 60_000;
    if (decodedTokens.size >= MAX_DECODED_TOKENS) decodedTokens.delete(decodedTokens.keys().next().value!);
    decodedTokens.set(token, { sid: payload.sid, exp });
    return payload.sid;
  } catch {
    return null;
  }
}

async function userOfSessionCookie(token: string | undefined): Promise<CurrentUser | null> {
  const sessionId = await sessionIdFromToken(token);
  if (!sessionId) return null;
  return resolveSession(db, sessionId, sessionPolicy());
}

/** The signed-in user of this page render or server action, or null. Cached per request. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> =>
  userOfSessionCookie((await cookies()).get(sessionCookieName())?.value),
);

/**
 * The signed-in user of a route handler's request, read from the request itself (not Next's request store), so
 * that the handlers can be called, and tested, as plain functions of a Request.
 */
export function getRequestUser(request: Request): Promise<CurrentUser | null> {
  // Built from the headers only: a Request made from another Request would take over its body.
  const cookies = request instanceof NextRequest ? request.cookies : new NextRequest(request.url, { headers: request.headers }).cookies;
  return userOfSessionCookie(cookies.get(sessionCookieName())?.value);
}

/**
 * For pages: the signed-in user, or a redirect to sign-in. Someone holding a temporary password (an admin reset
 * it), or without the second factor their agency requires, is sent to the account page to set that up first; that
 * page (and the layout) pass `passwordChange`.
 */
export async function requireUser({ passwordChange = false }: { passwordChange?: boolean } = {}): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in');
  if ((user.mustChangePassword || user.mustEnrolMfa) && !passwordChange) redirect('/account');
  return user;
}

/** For admin pages: anyone else gets the 403 page (app/forbidden.tsx). */
export async function requireAdmin(): Promise<CurrentUser> {
  const user = await requireUser();
  if (user.role !== 'ADMIN') forbidden();
  return user;
}
