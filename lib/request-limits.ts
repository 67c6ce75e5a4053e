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

export const MALFORMED_PATH_MESSAGE = 'This address is not valid: it holds a broken %-escape. Check the link and try again.';

/** Why a request is too big to serve, or null. */
export function oversizedRequest(url: string, headers: Headers): OversizedAnswer | null {
  if (url.length > MAX_URL_LENGTH)
    return { status: 414, code: 'uri_too_long', message: 'This address is too long. Go back and narrow the search or filters.' };
  let headerBytes = 0;
  headers.forEach((value, name) => (headerBytes += name.length + value.length + 4));
  if (headerBytes > MAX_HEADER_BYTES)
    return {
      status: 431,
      code: 'request_headers_too_large',
      message: "This request carries too much (cookies or headers). Clear this site's cookies and sign in again.",
    };
  return null;
}
