import { ApiError } from '@/lib/errors/api-error';
import { recordAudit } from '@/lib/server/audit';
import { endListedSession } from '@/lib/server/auth/sessions';
import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';

/** DELETE /api/account/sessions/{id} — signs out one of one's own sessions (the id from the account page's list). */
export const DELETE = authedRoute<{ id: string }>(async (_request, { user, params }) => {
  if (!(await endListedSession(db, user.id, params.id))) throw new ApiError('not_found', 'This session has already ended.');
  await recordAudit(db, { agencyId: user.agency.id, actorId: user.id, action: 'session.ended', targetType: 'user', targetId: user.id });
  return Response.json({ data: { ended: true } });
});
