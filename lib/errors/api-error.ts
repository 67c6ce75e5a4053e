import { ApiFailure } from './api-failure';
import { ERRORS, type ErrorCode } from './catalogue';

export { ApiFailure, type ApiErrorBody, type ErrorDetails } from './api-failure';

/** A code the catalogue does not hold (a browser reading another server's answer): a plain failure. */
const FALLBACK = { status: 500, message: 'Something went wrong. Please try again.' };

/**
 * An error with a code from the catalogue (./catalogue.ts); the status and default message come with the code.
 * Thrown by server code to answer a route. The browser holds the same errors as its base class, ApiFailure
 * (./api-failure.ts), without the catalogue.
 */
export class ApiError extends ApiFailure {
  constructor(
    code: ErrorCode,
    message?: string,
    /** Field path → message, for forms to show at the field. */
    fieldErrors?: Record<string, string>,
    /** Only for what the browser saw (a status the catalogue cannot know, e.g. a proxy's 502). */
    status?: number,
    details?: ApiFailure['details'],
  ) {
    const known: { status: number; message: string } = Object.hasOwn(ERRORS, code) ? ERRORS[code] : FALLBACK;
    super(code, message ?? known.message, status ?? known.status, fieldErrors, details);
  }
}
