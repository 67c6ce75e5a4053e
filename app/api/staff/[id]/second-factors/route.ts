import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';
import { resetMemberSecondFactors } from '@/lib/staff/server';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';

/** DELETE /api/staff/{id}/second-factors (admins): removes a member's app and recovery codes, ends their sessions, e-mails them. */
export const DELETE = authedRoute<{ id: string }>(
  async (_request, { user, params }) => {
    await requireRecentSecondFactor(user);
    return Response.json({ data: await resetMemberSecondFactors(db, user, params.id) });
  },
  { admin: true },
);
