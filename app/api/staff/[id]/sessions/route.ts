import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';
import { endMemberSessions } from '@/lib/staff/server';

/** DELETE /api/staff/{id}/sessions (admins): signs a member of the agency out everywhere (audited). */
export const DELETE = authedRoute<{ id: string }>(
  async (_request, { user, params }) => Response.json({ data: await endMemberSessions(db, user, params.id) }),
  { admin: true },
);
