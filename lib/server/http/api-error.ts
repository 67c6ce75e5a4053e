import 'server-only';
import { ApiError, type ApiErrorBody } from '@/lib/errors/api-error';
import { ERRORS, type ErrorCode } from '@/lib/errors/catalogue';

export { ApiError, type ApiErrorBody };

/** A JSON error answer: the status is the code's, from the catalogue. */
export function errorResponse(
  code: ErrorCode,
  message: string = ERRORS[code].message,
  fieldErrors?: Record<string, string>,
  details?: ApiErrorBody['error']['details'],
) {
  const body: ApiErrorBody = { error: { code, message, ...(fieldErrors ? { fieldErrors } : {}), ...(details ? { details } : {}) } };
  return Response.json(body, { status: ERRORS[code].status, headers: { 'Cache-Control': 'no-store' } });
}

/** For pages: the value, or the ApiError that a read failed with (to show, instead of a crash page). */
export async function attempt<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: ApiError }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error };
    throw error;
  }
}
