import 'server-only';

/**
 * An error a route handler can throw to answer with a stable, documented error code. Clients switch on
 * `code`, never on `message` (which is for people).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Field path → message, for forms to show at the field. */
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiErrorBody {
  error: { code: string; message: string; fieldErrors?: Record<string, string> };
}

export function errorResponse(status: number, code: string, message: string, fieldErrors?: Record<string, string>) {
  const body: ApiErrorBody = { error: { code, message, ...(fieldErrors ? { fieldErrors } : {}) } };
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
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
