import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptions } from '@/lib/server/auth/config';
import { MAX_URL_LENGTH } from '@/lib/request-limits';
import { errorResponse } from '@/lib/server/http/api-error';
import { withRequestLimits } from '@/lib/server/http/request-limits';

/** A callback URL longer than any URL we serve (next-auth would keep it in a cookie on every later request). */
async function oversizedCallbackUrl(request: NextRequest): Promise<boolean> {
  if (request.method !== 'POST' || !/^application\/x-www-form-urlencoded/i.test(request.headers.get('content-type') ?? '')) return false;
  const form = await request
    .clone()
    .formData()
    .catch(() => null);
  const callbackUrl = form?.get('callbackUrl');
  return typeof callbackUrl === 'string' && callbackUrl.length > MAX_URL_LENGTH;
}

// next-auth v4's App Router handler. Sign-in, sign-out and CSRF tokens for those live here; it goes through the same
// URL and header limits as every other route.
const handler = withRequestLimits(async (request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) => {
  if (await oversizedCallbackUrl(request)) return errorResponse('uri_too_long');
  return NextAuth(request as never, context as never, authOptions());
});

export { handler as GET, handler as POST };
