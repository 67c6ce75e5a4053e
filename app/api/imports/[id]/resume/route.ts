import { resumeImport } from '@/lib/imports/server';
import { authedRoute } from '@/lib/server/http/route';

/** **Resume** on a stopped import: queued again (compare-and-set; a second click answers with its status). */
export const POST = authedRoute<{ id: string }>(async (_request, { user, params }) =>
  Response.json({ data: await resumeImport(user, params.id) }),
);
