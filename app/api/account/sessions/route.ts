import { recordAudit } from '@/lib/server/audit';
import { endOtherSessionsOf } from '@/lib/server/auth/sessions';
import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';

/** DELETE /api/account/sessions — "Sign out everywhere else": every session of the user but this one ends. */
export const DELETE = authedRoute(async (_request, { user }) => {
  const ended = await endOtherSessionsOf(db, user.id, user.sessionId);
  if (ended > 0) {
    await recordAudit(db, { agencyId: user.agency.id, actorId: user.id, action: 'session.ended_others', details: { sessions: ended } });
  }
  return Response.json({ data: { ended } });
});
