import { cancelImport } from '@/lib/imports/server';
import { authedRoute } from '@/lib/server/http/route';

/** **Cancel**: nothing more is sent; what was created stays (compare-and-set; a second click answers the same). */
export const POST = authedRoute<{ id: string }>(async (_request, { user, params }) =>
  Response.json({ data: await cancelImport(user, params.id) }),
);
