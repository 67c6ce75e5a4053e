import 'server-only';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request check for state-changing requests. Browsers send `Sec-Fetch-Site` (modern) and
 * `Origin` (all, on non-GET); a request carrying either must come from our own origin. A request with
 * neither cannot come from a browser page on another site, so it cannot ride a user's cookies.
 */
export function isCrossSiteRequest(request: Request, appOrigin: string): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin') return true;
  const origin = request.headers.get('origin');
  if (origin && origin !== appOrigin) return true;
  return false;
}

/**
 * Stricter, for GETs with side effects (audited downloads): a cross-site link or `<img>` would otherwise
 * make the victim's browser run them. `Sec-Fetch-Site` must say same-origin when present (every current
 * browser over HTTPS or localhost); without it, an `Origin` or `Referer` of ours must be there. A request
 * proving neither is refused (an attacker's page can suppress Referer, not forge it).
 */
export function isSameOriginRequest(request: Request, appOrigin: string): boolean {
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite) return fetchSite === 'same-origin';
  const origin = request.headers.get('origin');
  if (origin) return origin === appOrigin;
  const referer = request.headers.get('referer');
  if (!referer) return false;
  try {
    return new URL(referer).origin === appOrigin;
  } catch {
    return false;
  }
}
