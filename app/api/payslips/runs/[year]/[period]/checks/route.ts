import { checkDifferenceSchema } from '@/lib/payslips/schema';
import { markDifferenceChecked, runOfRequest } from '@/lib/payslips/server';
import { authedRoute, readJsonBody } from '@/lib/server/http/route';

/** POST /api/payslips/runs/{year}/{period}/checks?frequency — marks one difference checked, with a note (once). */
export const POST = authedRoute<{ year: string; period: string }>(async (request, { user, params }) => {
  const run = runOfRequest(request, params);
  const input = checkDifferenceSchema.parse(await readJsonBody(request));
  const mark = await markDifferenceChecked(user, run, input);
  return Response.json(
    { key: mark.differenceKey, checkedByName: mark.checkedByName, checkedAt: mark.checkedAt, note: mark.note },
    { status: 201 },
  );
});
