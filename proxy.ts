import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { API_CONTENT_SECURITY_POLICY, contentSecurityPolicy, staticSecurityHeaders } from './lib/security-headers.mjs';
import { ERRORS } from './lib/errors/catalogue';
import { hasMalformedPath, oversizedRequest } from './lib/request-limits';

const PUBLIC_PATHS = ['/sign-in', '/api/auth', '/invitation', '/forgot-password', '/reset-password', '/onboard'];
const REQUEST_ID = /^[\w.:-]{8,100}$/;

function oversized(request: NextRequest): NextResponse | null {
  const tooBig = oversizedRequest(request.url, request.headers);
  if (!tooBig) return null;
  const { status, code, message } = tooBig;
  const headers = { 'Cache-Control': 'no-store', Connection: 'close' };
  return request.nextUrl.pathname.startsWith('/api/')
    ? NextResponse.json({ error: { code, message } }, { status, headers })
    : new NextResponse(message, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** A broken %-escape in the path: a 400 with every security header, before Next fails to decode it (a bare 500). */
function malformed(request: NextRequest): NextResponse | null {
  if (!hasMalformedPath(request.url)) return null;
  const api = request.nextUrl.pathname.startsWith('/api/');
  const { status, message } = ERRORS.malformed_url;
  const response = api
    ? NextResponse.json({ error: { code: 'malformed_url', message } }, { status })
    : new NextResponse(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  for (const { key, value } of staticSecurityHeaders({ production: process.env.NODE_ENV === 'production' }))
    response.headers.set(key, value);
  response.headers.set('Content-Security-Policy', API_CONTENT_SECURITY_POLICY);
  response.headers.set('Cache-Control', 'no-store, max-age=0');
  return response;
}

/**
 * Runs before every page request: refuses oversized requests, sets the per-request CSP nonce and no-store caching,
 * and sends signed-out page visits to sign-in. It is a convenience, not the gate: every page, route handler and
 * server action checks the session itself (lib/server/auth, lib/server/http/route.ts).
 * API calls skip it (a measured share of every proxied call, bench/proxy.ts): their fixed headers come from
 * next.config.mjs (lib/security-headers.mjs), the size limits and the request id from the route wrappers — except
 * an API path with a broken %-escape (the second matcher), which Next itself would answer with a bare 500.
 */
export async function proxy(request: NextRequest) {
  const tooBig = oversized(request) ?? malformed(request);
  if (tooBig) return tooBig;
  // One id per request, joining its log lines (lib/server/log.ts); a load balancer's own id is kept when sane.
  const incomingId = request.headers.get('x-request-id');
  const requestId = incomingId && REQUEST_ID.test(incomingId) ? incomingId : crypto.randomUUID();
  const { pathname, search } = request.nextUrl;
  // API calls do not come here (see `config`); if one does, it passes: the route wrapper is its gate.
  if (pathname.startsWith('/api/')) return NextResponse.next();
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

async function hasSessionCookie(request: NextRequest): Promise<boolean> {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) return false;
  const token = await getToken({ req: request, secret }).catch(() => null);
  return !!token?.sid;
}

export const config = {
  matcher: [{ source: '/((?!api/|_next/static|_next/image|favicon.ico|robots.txt).*)' }, { source: '/api/(.*%(?![0-9A-Fa-f]{2}).*)' }],
};
