/**
 * Every error code the portal answers with: its HTTP status and default message, the one place each message is
 * written. Closed on purpose: a route cannot invent a code or give one code two statuses, and the browser switches
 * on the same type. Plain data: ApiError (./api-error.ts) reads it on the server; the browser loads only the type
 * and BROWSER_ERRORS.
 */
import { BROWSER_ERRORS } from './browser-errors';

export const ERRORS = {
  // Requests and sessions
  unauthenticated: { status: 401, message: 'Your session has ended. Please sign in again.' },
  forbidden: { status: 403, message: 'Only agency admins can do this.' },
  cross_site_request: { status: 403, message: 'This request came from another site and was refused.' },
  validation_failed: { status: 400, message: 'Some fields need attention.' },
  invalid_json: { status: 400, message: 'The request body must be JSON.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: { status: 415, message: 'The request body must be sent as application/json.' },
  malformed_url: { status: 400, message: 'This address is not valid: it holds a broken %-escape. Check the link and try again.' },
  uri_too_long: { status: 414, message: 'This address is too long. Go back and narrow the search or filters.' },
  request_headers_too_large: {
    status: 431,
    message: "This request carries too much (cookies or headers). Clear this site's cookies and sign in again.",
  },
  not_found: { status: 404, message: 'No such record.' },
  conflict: { status: 409, message: 'Someone else changed this at the same moment. Reload the page and try again.' },
  too_many_attempts: { status: 429, message: 'Too many attempts. Wait a few minutes and try again.' },
  internal_error: { status: 500, message: 'Something went wrong on our side. Please try again.' },
  // Staff
  email_taken: { status: 409, message: 'This email address is already in use.' },
  cannot_deactivate_self: { status: 422, message: 'You cannot deactivate your own account.' },
  last_admin: { status: 409, message: 'Your agency needs at least one active admin: make someone else an admin first.' },
  // Invitations and password reset (e-mailed links)
  invitation_pending: { status: 409, message: 'This address already has a pending invitation. Resend it from the list instead.' },
  link_invalid: {
    status: 410,
    message: 'This link has expired or has already been used. Ask for a new one.',
  },
  // Imports
  import_file_invalid: { status: 422, message: 'This file cannot be imported.' },
  import_file_too_large: { status: 413, message: 'The file is too large: the limit is 1 MB.' },
  import_file_limit: { status: 422, message: 'This file unpacks to more than the import can read.' },
  import_rows_invalid: { status: 422, message: 'Some rows need attention before the import can start.' },
  import_upload_expired: { status: 410, message: 'This upload is no longer kept: choose the file again.' },
  import_not_stopped: { status: 409, message: 'Only a stopped import can be resumed.' },
  import_finished: { status: 409, message: 'This import has finished: there is nothing left to cancel.' },
  cannot_change_own_role: { status: 422, message: 'You cannot change your own role: ask another admin.' },
  cannot_reset_own_password: { status: 422, message: 'Change your own password on your account page.' },
  password_change_required: { status: 403, message: 'Choose a new password on your account page first.' },
  right_to_work_checking: {
    status: 409,
    message: 'Right-to-work documents are still being checked with Nxsys. Export again when the list shows when they were checked.',
  },
  // Exactly-once writes (lib/server/idempotency.ts)
  idempotency_key_reused: {
    status: 422,
    message: 'This form was already sent with different details. Reload the page and enter them again.',
  },
  write_in_progress: {
    status: 409,
    message: 'This form is still being sent to Nxsys. Wait a moment, then check the list before sending it again.',
  },
  write_outcome_unknown: {
    status: 409,
    message:
      'An earlier attempt to send this form was cut short: it may or may not have reached Nxsys. Check in Nxsys before sending it again.',
  },
  timesheet_exists: {
    status: 409,
    message: 'Nxsys already holds a timesheet for this candidate and period.',
  },
  review_own_draft: { status: 403, message: 'You cannot approve a timesheet you entered or changed: another person must review it.' },
  review_duplicate: {
    status: 409,
    message:
      'Some chosen timesheets would make a second record for the same worker and period. Tick "send anyway" for those you are sure of, or leave them out.',
  },
  review_draft_changed: {
    status: 409,
    message: 'This timesheet was changed, approved or returned by someone else meanwhile. Reload the page and try again.',
  },
  // Candidates
  candidate_identifier_taken: {
    status: 409,
    message: 'Another candidate already holds this NI or PPS number. Confirm this is a different person to onboard them anyway.',
  },
  submission_changed: { status: 409, message: 'The candidate changed their details since you opened them. Review them again.' },
  candidate_identifier_busy: {
    status: 409,
    message: 'Another candidate with this NI or PPS number is being saved right now. Try again in a moment.',
  },
  // Payslip review: the lists were not read to their end (no partial totals)
  review_incomplete: { status: 502, message: 'Nxsys did not send its lists in full: nothing is shown rather than partial totals.' },
  // A list export (timesheets, payslips): the list was not read to its end, so no file rather than part of one
  export_incomplete: {
    status: 502,
    message: 'Nxsys did not send the whole list for these filters, so nothing was exported. Narrow the filters and try again.',
  },
  // Nxsys connection
  nxsys_not_connected: {
    status: 409,
    message: 'Your agency is not connected to Nxsys yet. An admin can connect it on the Nxsys connection page.',
  },
  nxsys_reconnect_required: {
    status: 409,
    message: 'The Nxsys connection needs to be renewed. An admin can reconnect it on the Nxsys connection page.',
  },
  nxsys_client_refused: {
    status: 503,
    message:
      "The portal's Nxsys client credentials were refused. This is the portal's configuration, not your agency's connection: the portal's administrator must check NXSYS_CLIENT_ID and NXSYS_CLIENT_SECRET.",
  },
  nxsys_not_configured: { status: 503, message: 'This portal has no Nxsys client application configured.' },
  nxsys_unauthorized: {
    status: 502,
    message: 'Nxsys refused our credentials even after renewing them. An admin may need to reconnect.',
  },
  // Nxsys answers
  nxsys_unavailable: { status: 503, message: 'Nxsys is not responding properly right now. Please try again in a moment.' },
  nxsys_timeout: { status: 504, message: 'Nxsys did not answer in time. Please try again.' },
  nxsys_rate_limited: { status: 429, message: 'Nxsys is busy.' },
  nxsys_not_found: { status: 404, message: 'Nxsys has no such record.' },
  nxsys_forbidden: { status: 403, message: 'Nxsys does not allow this.' },
  nxsys_rejected: { status: 422, message: 'Nxsys did not accept this.' },
  nxsys_error: { status: 502, message: 'Nxsys answered in a way the portal cannot read.' },
  // Second factor (lib/server/auth/factors.ts): short, as every page's bundle carries these messages
  mfa_code_invalid: { status: 422, message: 'That code is wrong or already used.' },
  mfa_already_enrolled: { status: 409, message: 'An authenticator app is already set up.' },
  mfa_not_enrolled: { status: 409, message: 'Start setting up the app again.' },
  mfa_enrolment_required: { status: 403, message: 'Set up a second factor on your account page first.' },
  cannot_reset_own_factors: { status: 422, message: 'Ask another admin to reset yours.' },
  passkey_invalid: { status: 422, message: 'That passkey could not be checked. Try again.' },
  step_up_required: { status: 403, message: 'Confirm it is you to continue.' },
  step_up_password_invalid: { status: 422, message: 'That password is not right.' },
  // Browser only (lib/api-client.ts): no response, or a response without our error body
  ...BROWSER_ERRORS,
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export const isErrorCode = (value: unknown): value is ErrorCode => typeof value === 'string' && Object.hasOwn(ERRORS, value);
