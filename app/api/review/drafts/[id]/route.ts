import { authedRoute, readJsonBody } from '@/lib/server/http/route';
import { editDraft } from '@/lib/timesheets/server';

/** PUT /api/review/drafts/{id} — { version, values }: change a pending or returned draft and put it back in the queue. */
export const PUT = authedRoute<{ id: string }>(async (request, { user, params }) =>
  Response.json({ data: await editDraft(user, params.id, await readJsonBody(request)) }),
);
