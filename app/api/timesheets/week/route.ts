import { ApiError } from '@/lib/errors/api-error';
import { isIsoDate } from '@/lib/dates';
import { isRecordId } from '@/lib/ids';
import { saveWeekGrid, weekGridHints } from '@/lib/imports/server';
import { authedRoute, readJsonBody } from '@/lib/server/http/route';
import { idempotencyKeyOf } from '@/lib/server/idempotency';

/**
 * GET /api/timesheets/week?candidate=SR-…&start=YYYY-MM-DD — the roster grid's warnings for one worker: the
 * timesheets already covering the week and the rates of their latest earlier timesheet.
 */
export const GET = authedRoute(async (request, { user }) => {
  const params = new URL(request.url).searchParams;
  const candidateId = params.get('candidate') ?? '';
  const start = params.get('start') ?? '';
  if (!isRecordId('candidate', candidateId) || !isIsoDate(start)) {
    throw new ApiError('validation_failed', 'Give a candidate id and the week start as YYYY-MM-DD.');
  }
  return Response.json({ data: await weekGridHints(user, candidateId, start) });
});

/** POST /api/timesheets/week — the roster grid's one save: every worker's timesheet through one import job (202). */
export const POST = authedRoute(async (request, { user }) =>
  Response.json({ data: await saveWeekGrid(user, await readJsonBody(request), idempotencyKeyOf(request)) }, { status: 202 }),
);
