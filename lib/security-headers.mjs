// Security headers shared by next.config.mjs (every response, static files included) and proxy.ts (the
// per-request CSP with a nonce for pages). Plain JS so next.config.mjs can import it.

/** @param {{ production: boolean }} opts */
export function staticSecurityHeaders({ production }) {
  return [
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
    ...(production ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }] : []),
  ];
}

/**
 * Paths whose answers must not leak their URL in a Referer: the OAuth callback's URL carries the code and state,
 * the invitation, reset and candidate onboarding pages' URLs their link tokens.
 * next.config's headers are applied over a route handler's own headers, so the route alone cannot keep
 * `no-referrer`; a later, more specific rule wins over the global one.
 */
export const NO_REFERRER_PATHS = ['/api/nxsys/callback', '/invitation', '/reset-password', '/onboard/:token*'];

/** API answers are JSON and run nothing: one fixed policy, no nonce (proxy.ts, which makes nonces, skips /api). */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The rules for next.config.mjs `headers()`: every response; API answers (never cached: they carry agency and
 * personal data); then the no-referrer paths (last rule wins).
 */
/** @param {{ production: boolean }} opts */
export function securityHeaderRules({ production }) {
  return [
    { source: '/:path*', headers: staticSecurityHeaders({ production }) },
    {
      source: '/api/:path*',
      headers: [
        { key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY },
        { key: 'Cache-Control', value: 'no-store, max-age=0' },
      ],
    },
    ...NO_REFERRER_PATHS.map((source) => ({ source, headers: [{ key: 'Referrer-Policy', value: 'no-referrer' }] })),
  ];
}

/**
 * @param {{ nonce: string, production: boolean, formTargets?: string[] }} opts
 * formTargets: origins a form may post or redirect to (the Nxsys login portal for Connect).
 */
export function contentSecurityPolicy({ nonce, production, formTargets = [] }) {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${production ? '' : " 'unsafe-eval'"}`,
    // React and Next inject style attributes; styles cannot run code, so inline styles are tolerated.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${production ? '' : ' ws: wss:'}`,
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${formTargets.length ? ' ' + formTargets.join(' ') : ''}`,
    "frame-ancestors 'none'",
    ...(production ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}
