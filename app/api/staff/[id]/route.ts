import { db } from '@/lib/server/db';
import { authedRoute, readJson } from '@/lib/server/http/route';
import { setStaffActive } from '@/lib/staff/server';
import { staffStatusSchema } from '@/lib/staff/schema';

export const PATCH = authedRoute<{ id: string }>(
  async (request, { user, params }) => {
    const { active } = await readJson(request, staffStatusSchema);
    return Response.json({ data: await setStaffActive(db, user, params.id, active) });
  },
  { admin: true },
);
