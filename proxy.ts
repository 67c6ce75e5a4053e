import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy } from './lib/security-headers.mjs';

const PUBLIC_PATHS = ['/sign-in', '/api/auth'];

/**
 * Runs before every page and API request: sets the per-request CSP nonce and no-store caching, and sends
 * signed-out page visits to sign-in. It is a convenience, not the gate: every page, route handler and
 * server action checks the session itself (lib/server/auth, lib/server/http/route.ts).
 */
export async function proxy(request: NextRequest) {
  const production = process.env.NODE_ENV === 'production';
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const formTargets = [process.env.NXSYS_PORTAL_URL].filter((u): u is string => !!u).map((u) => new URL(u).origin);
  const csp = contentSecurityPolicy({ nonce, production, formTargets });

  const { pathname, search } = request.nextUrl;
  const isPublic = PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(p + '/'));
  let response: NextResponse;
  if (!isPublic && !pathname.startsWith('/api/') && !(await hasSessionCookie(request))) {
    const signIn = new URL('/sign-in', request.url);
    if (pathname !== '/') signIn.searchParams.set('callbackUrl', pathname + search);
    response = NextResponse.redirect(signIn);
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set('x-nonce', nonce);
    requestHeaders.set('Content-Security-Policy', csp);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set('Content-Security-Policy', csp);
  // Pages and API answers carry agency and personal data: never cache them anywhere.
  response.headers.set('Cache-Control', 'no-store, max-age=0');
  return response;
}

async function hasSessionCookie(request: NextRequest): Promise<boolean> {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) return false;
  const token = await getToken({ req: request, secret }).catch(() => null);
  return !!token?.sid;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|robots.txt).*)' }],
};
