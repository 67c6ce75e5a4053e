import { authedRoute, readJsonBody } from '@/lib/server/http/route';
import { idempotencyKeyOf } from '@/lib/server/idempotency';
import { createTimesheet } from '@/lib/timesheets/server';

/** POST /api/timesheets — create a timesheet, once per Idempotency-Key (409 timesheet_exists unless confirmDuplicate). */
export const POST = authedRoute(async (request, { user }) =>
  Response.json({ data: await createTimesheet(user, await readJsonBody(request), idempotencyKeyOf(request)) }, { status: 201 }),
);
