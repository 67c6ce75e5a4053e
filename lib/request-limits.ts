import { ERRORS } from '@/lib/errors/catalogue';

/**
 * No page or API call of ours needs more: a request beyond these is refused at once with a clear 4xx, instead of
 * being carried through rendering (where the URL is copied into further headers — Referer, the router state,
 * redirects — until something downstream stalls on its own header limit). Checked by proxy.ts for pages and by the
 * route wrappers (lib/server/http/route.ts) for API calls, which skip proxy.ts (a measured cost per call).
 */
export const MAX_URL_LENGTH = 4 * 1024;
export const MAX_HEADER_BYTES = 12 * 1024;

export type OversizedAnswer = { status: 414 | 431; code: 'uri_too_long' | 'request_headers_too_large'; message: string };

/**
 * A path with a broken %-escape (`/api/nxsys/candidates/SR-%ZZ`): Next cannot decode its route parameters and
 * answers a bare 500 without our headers, so proxy.ts refuses it first with a clear 400.
 */
export function hasMalformedPath(url: string): boolean {
  try {
    decodeURIComponent(new URL(url).pathname);
    return false;
  } catch {
    return true;
  }
}

const answer = (code: OversizedAnswer['code']): OversizedAnswer => ({ code, ...ERRORS[code] });

/** Why a request is too big to serve (its code, status and message from the catalogue), or null. */
export function oversizedRequest(url: string, headers: Headers): OversizedAnswer | null {
  if (url.length > MAX_URL_LENGTH) return answer('uri_too_long');
  let headerBytes = 0;
  headers.forEach((value, name) => (headerBytes += name.length + value.length + 4));
  if (headerBytes > MAX_HEADER_BYTES) return answer('request_headers_too_large');
  return null;
}
