import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy } from './lib/security-headers.mjs';

const PUBLIC_PATHS = ['/sign-in', '/api/auth', '/invitation', '/forgot-password', '/reset-password', '/dev/mail'];
const REQUEST_ID = /^[\w.:-]{8,100}$/;

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
  // One id per request, joining its log lines (lib/server/log.ts); a load balancer's own id is kept when sane.
  const incomingId = request.headers.get('x-request-id');
  const requestId = incomingId && REQUEST_ID.test(incomingId) ? incomingId : crypto.randomUUID();
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith('/api/')) return apiResponse(request, requestId);
  const production = process.env.NODE_ENV === 'production';
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = contentSecurityPolicy({ nonce, production, formTargets: formTargets() });

  const isPublic = PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(p + '/'));
  let response: NextResponse;
  if (!isPublic && !(await hasSessionCookie(request))) {
    const signIn = new URL('/sign-in', request.url);
    if (pathname !== '/' && (pathname + search).length <= 2048) signIn.searchParams.set('callbackUrl', pathname + search);
    response = NextResponse.redirect(signIn);
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set('x-nonce', nonce);
    requestHeaders.set('x-request-id', requestId);
    requestHeaders.set('Content-Security-Policy', csp);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set('Content-Security-Policy', csp);
  response.headers.set('x-request-id', requestId);
  // Pages and API answers carry agency and personal data: never cache them anywhere.
  response.headers.set('Cache-Control', 'no-store, max-age=0');
  return response;
}

const formTargets = () => [process.env.NXSYS_PORTAL_URL].filter((u): u is string => !!u).map((u) => new URL(u).origin);

/** API answers run no script: one policy per process, no nonce to make (a measured cost on every call). */
let apiCsp: string | undefined;

/** API routes: no sign-in redirect (authedRoute answers 401), no nonce; the request id, CSP and no-store. */
function apiResponse(request: NextRequest, requestId: string): NextResponse {
  apiCsp ??= contentSecurityPolicy({
    nonce: 'none',
    production: process.env.NODE_ENV === 'production',
    formTargets: formTargets(),
  }).replace(/script-src [^;]*/, "script-src 'none'");
  const requestHeaders = new Headers(request.headers); // the override replaces them all: keep the cookies
  requestHeaders.set('x-request-id', requestId);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', apiCsp);
  response.headers.set('x-request-id', requestId);
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
