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

async function sessionIdFromToken(token: string | undefined): Promise<string | null> {
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: env().NEXTAUTH_SECRET });
    return typeof payload?.sid === 'string' ? payload.sid : null;
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
 * it) is sent to the account page to choose their own first; that page (and the layout) pass `passwordChange`.
 */
export async function requireUser({ passwordChange = false }: { passwordChange?: boolean } = {}): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in');
  if (user.mustChangePassword && !passwordChange) redirect('/account');
  return user;
}

/** For admin pages: anyone else gets the 403 page (app/forbidden.tsx). */
export async function requireAdmin(): Promise<CurrentUser> {
  const user = await requireUser();
  if (user.role !== 'ADMIN') forbidden();
  return user;
}
