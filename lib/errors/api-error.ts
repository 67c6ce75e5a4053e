import type { ErrorCode } from './catalogue';

/**
 * The ApiError class, without the catalogue's messages: browser code imports it from here, so a page does not
 * carry every code's message (lib/errors/catalogue.ts re-exports the same class for the server, and gives it the
 * catalogue's defaults when loaded). Client-safe.
 */

type Defaults = Partial<Record<ErrorCode, { status: number; message: string }>>;

/** The codes the browser makes itself (lib/api-client.ts): no response, or a response without our error body. */
export const BROWSER_ERRORS = {
  network_error: { status: 0, message: 'Could not reach the portal. Check your connection and try again.' },
  http_error: { status: 0, message: 'The request failed.' },
} as const;

/** Each code's default status and message: the browser's own codes, and every code once the catalogue is loaded. */
const defaults: { table: Defaults } = { table: BROWSER_ERRORS };
const FALLBACK = { status: 500, message: 'Something went wrong. Please try again.' };

/** Called by lib/errors/catalogue.ts with its table, so `new ApiError(code)` has the code's status and message. */
export function setErrorDefaults(table: Defaults) {
  defaults.table = table;
}

/**
 * What an error names for the client to show, e.g. the timesheet that already exists (`{ id, href }`) or the
 * candidates who hold an NI number (`{ field, holders }`): no secrets.
 */
export type ErrorDetails = Record<string, unknown>;

/** The body every error response has; the browser reads the same shape. */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; fieldErrors?: Record<string, string>; details?: ErrorDetails };
}

/**
 * An error with a code from the catalogue; the status comes with the code. Thrown by server code to answer a
 * route, and made by the browser's API client from the answer. Clients switch on `code`, never on `message`.
 */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    /** Field path → message, for forms to show at the field. */
    readonly fieldErrors?: Record<string, string>,
    /** Only for what the browser saw (a status the catalogue cannot know, e.g. a proxy's 502). */
    status?: number,
    readonly details?: ErrorDetails,
  ) {
    const known = defaults.table[code] ?? FALLBACK;
    super(message ?? known.message);
    this.name = 'ApiError';
    this.status = status ?? known.status;
  }
}
