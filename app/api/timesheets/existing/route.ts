import { ApiError } from '@/lib/errors/api-error';
import { isIsoDate } from '@/lib/dates';
import { isRecordId } from '@/lib/ids';
import { authedRoute } from '@/lib/server/http/route';
import { findExistingTimesheets } from '@/lib/timesheets/server';

/**
 * GET /api/timesheets/existing?candidate=SR-…&start=YYYY-MM-DD&end=YYYY-MM-DD — the timesheets that already cover
 * the candidate and (part of) the period, so the weekly grid can say so before anything is sent.
 */
export const GET = authedRoute(async (request, { user }) => {
  const params = new URL(request.url).searchParams;
  const candidateId = params.get('candidate') ?? '';
  const startDate = params.get('start') ?? '';
  const endDate = params.get('end') ?? '';
  if (!isRecordId('candidate', candidateId) || !isIsoDate(startDate) || !isIsoDate(endDate) || endDate < startDate) {
    throw new ApiError('validation_failed', 'Give a candidate id and a period (start and end as YYYY-MM-DD).');
  }
  return Response.json({ data: await findExistingTimesheets(user, { candidateId, startDate, endDate }) });
});
