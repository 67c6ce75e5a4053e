import { importStatus } from '@/lib/imports/server';
import { authedRoute } from '@/lib/server/http/route';

/** An import's progress and per-record results (the progress page polls it). */
export const GET = authedRoute<{ id: string }>(async (_request, { user, params }) =>
  Response.json({ data: await importStatus(user, params.id) }),
);
