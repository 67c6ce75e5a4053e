import { authedRoute, readJsonBody } from '@/lib/server/http/route';
import { updateTimesheet } from '@/lib/timesheets/server';

export const PUT = authedRoute<{ id: string }>(async (request, { user, params }) =>
  Response.json({ data: await updateTimesheet(user, params.id, await readJsonBody(request)) }),
);
