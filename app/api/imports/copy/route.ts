import { copyToNextPeriod } from '@/lib/imports/server';
import { authedRoute, readJsonBody } from '@/lib/server/http/route';

/** "Copy to next period": `{ ids }` previews the copies; `{ ids, confirm: true }` sends them through the import job. */
export const POST = authedRoute(async (request, { user }) => {
  const result = await copyToNextPeriod(user, await readJsonBody(request));
  return Response.json({ data: result }, { status: result.id ? 202 : 200 });
});
