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
