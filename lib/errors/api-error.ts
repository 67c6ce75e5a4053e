import { ERRORS, type ErrorCode } from './catalogue';

/**
 * What an error names for the client to show, e.g. the timesheet that already exists (`{ id, href }`) or the
 * candidates who hold an NI number (`{ field, holders }`): no secrets.
 */
export type ErrorDetails = Record<string, unknown>;

/** The body every error response has; the browser reads the same shape. */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; fieldErrors?: Record<string, string>; details?: ErrorDetails };
}

/** A code the catalogue does not hold (a browser reading another server's answer): a plain failure. */
const FALLBACK = { status: 500, message: 'Something went wrong. Please try again.' };

/**
 * An error with a code from the catalogue (./catalogue.ts); the status and default message come with the code.
 * Thrown by server code to answer a route, and made by the browser's API client from the answer: one class for
 * both. Clients switch on `code`, never on `message`. Client-safe.
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
    const known: { status: number; message: string } = Object.hasOwn(ERRORS, code) ? ERRORS[code] : FALLBACK;
    super(message ?? known.message);
    this.name = 'ApiError';
    this.status = status ?? known.status;
  }
}
