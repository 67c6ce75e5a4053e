import { db } from '@/lib/server/db';
import { authedRoute, readJson } from '@/lib/server/http/route';
import { setStaffActive } from '@/lib/server/staff';
import { staffStatusSchema } from '@/lib/validations/staff';

export const PATCH = authedRoute<{ id: string }>(
  async (request, { user, params }) => {
    const { active } = await readJson(request, staffStatusSchema);
    return Response.json({ data: await setStaffActive(db, user, params.id, active) });
  },
  { admin: true },
);
