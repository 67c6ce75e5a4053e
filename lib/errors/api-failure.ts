import type { ErrorCode } from './catalogue';

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
 * An error with a catalogue code, its message and status all given: what the browser's API client makes from an
 * answer (lib/api-client.ts), and the base of the server's ApiError (./api-error.ts, which fills them in from the
 * catalogue). Browser code checks `instanceof ApiFailure` and never loads the catalogue: its messages would add
 * ~1.8 kB to every route's first load (tests/unit/architecture.test.ts). Clients switch on `code`, never on `message`.
 */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    /** Field path → message, for forms to show at the field. */
    readonly fieldErrors?: Record<string, string>,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
