import { db } from '@/lib/server/db';
import { authedRoute, readJson } from '@/lib/server/http/route';
import { resetStaffPassword, setStaffActive, setStaffRole } from '@/lib/staff/server';
import { staffChangeSchema } from '@/lib/staff/schema';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';

/**
 * PATCH /api/staff/{id} (admins): `{ active }` (de)activates, `{ role }` changes the role, `{ resetPassword: true }`
 * sets a temporary password, answered once as `temporaryPassword` (to be changed at the next sign-in).
 */
export const PATCH = authedRoute<{ id: string }>(
  async (request, { user, params }) => {
    await requireRecentSecondFactor(user);
    const change = await readJson(request, staffChangeSchema);
    if ('active' in change) return Response.json({ data: await setStaffActive(db, user, params.id, change.active) });
    if ('role' in change) return Response.json({ data: await setStaffRole(db, user, params.id, change.role) });
    const { member, temporaryPassword } = await resetStaffPassword(db, user, params.id);
    return Response.json({ data: member, temporaryPassword }, { headers: { 'Cache-Control': 'no-store' } });
  },
  { admin: true },
);
