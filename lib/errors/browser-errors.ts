/**
 * The two codes only the browser makes (lib/api-client.ts): no response, or a response without our error body.
 * Apart from the catalogue so that the browser carries these two messages and not all of them; the catalogue
 * includes them, so each is still written once.
 */
export const BROWSER_ERRORS = {
  network_error: { status: 0, message: 'Could not reach the portal. Check your connection and try again.' },
  http_error: { status: 0, message: 'The request failed.' },
} as const;
