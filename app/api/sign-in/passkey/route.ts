import { NextRequest } from 'next/server';
import { ApiError } from '@/lib/errors/api-error';
import { pendingSignInCookieName } from '@/lib/server/auth/config';
import { passkeyAuthenticationOptions } from '@/lib/server/auth/passkeys';
import { pendingSignInUser } from '@/lib/server/auth/pending-sign-in';
import { db } from '@/lib/server/db';
import { publicRoute } from '@/lib/server/http/route';

/**
 * POST /api/sign-in/passkey — the second step of signing in with a passkey: a challenge for the passkeys of the person
 * whose password this browser just gave (its pending sign-in cookie). No pending sign-in, no challenge.
 */
export const POST = publicRoute(async (request) => {
  const token = new NextRequest(request.url, { headers: request.headers }).cookies.get(pendingSignInCookieName())?.value;
  const userId = await pendingSignInUser(db, token);
  if (!userId) throw new ApiError('unauthenticated', 'Your sign-in has expired. Enter your email and password again.');
  return Response.json({ data: await passkeyAuthenticationOptions(db, userId, 'sign_in') }, { headers: { 'Cache-Control': 'no-store' } });
});
