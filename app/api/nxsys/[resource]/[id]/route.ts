import { authedRoute } from '@/lib/server/http/route';
import { getResource } from '@/lib/registry';

export const GET = authedRoute<{ resource: string; id: string }>(async (_request, { user, params }) =>
  Response.json({ data: await getResource(user, params.resource, params.id) }),
);
