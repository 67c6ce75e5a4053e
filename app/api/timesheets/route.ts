import { authedRoute, readJsonBody } from '@/lib/server/http/route';
import { createTimesheet } from '@/lib/timesheets/server';

export const POST = authedRoute(async (request, { user }) =>
  Response.json({ data: await createTimesheet(user, await readJsonBody(request)) }, { status: 201 }),
);
