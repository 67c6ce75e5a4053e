import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy } from './lib/security-headers.mjs';

const PUBLIC_PATHS = ['/sign-in', '/api/auth', '/invitation', '/forgot-password', '/reset-password', '/dev/mail'];

/**
 * No page or API call of ours needs more: a request beyond these is refused at once with a clear 4xx, instead
 * of being carried through rendering (where the URL is copied into further headers — Referer, the router
 * state, redirects — until something downstream stalls on its own header limit).
 */
export const MAX_URL_LENGTH = 4 * 1024;
export const MAX_HEADER_BYTES = 12 * 1024;

function oversized(request: NextRequest): NextResponse | null {
  let headerBytes = 0;
  request.headers.forEach((value, name) => (headerBytes += name.length + value.length + 4));
  const [status, code, message] =
    request.url.length > MAX_URL_LENGTH
      ? [414, 'uri_too_long', 'This address is too long. Go back and narrow the search or filters.']
      : headerBytes > MAX_HEADER_BYTES
        ? [
            431,
            'request_headers_too_large',
            "This request carries too much (cookies or headers). Clear this site's cookies and sign in again.",
          ]
        : [];
  if (!status) return null;
  const headers = { 'Cache-Control': 'no-store', Connection: 'close' };
  return request.nextUrl.pathname.startsWith('/api/')
    ? NextResponse.json({ error: { code, message } }, { status, headers })
    : new NextResponse(message, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * Runs before every page and API request: sets the per-request CSP nonce and no-store caching, and sends
 * signed-out page visits to sign-in. It is a convenience, not the gate: every page, route handler and
 * server action checks the session itself (lib/server/auth, lib/server/http/route.ts).
 */
export async function proxy(request: NextRequest) {
  const tooBig = oversized(request);
  if (tooBig) return tooBig;
  const production = process.env.NODE_ENV === 'production';
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const formTargets = [process.env.NXSYS_PORTAL_URL].filter((u): u is string => !!u).map((u) => new URL(u).origin);
  const csp = contentSecurityPolicy({ nonce, production, formTargets });

  const { pathname, search } = request.nextUrl;
  const isPublic = PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(p + '/'));
  let response: NextResponse;
  if (!isPublic && !pathname.startsWith('/api/') && !(await hasSessionCookie(request))) {
    const signIn = new URL('/sign-in', request.url);
    if (pathname !== '/' && (pathname + search).length <= 2048) signIn.searchParams.set('callbackUrl', pathname + search);
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
