import { db } from '@/lib/server/db';
import { authedRoute, readJson } from '@/lib/server/http/route';
import { addStaff, listStaff } from '@/lib/staff/server';
import { newStaffSchema } from '@/lib/staff/schema';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';

export const GET = authedRoute(async (_request, { user }) => Response.json({ data: await listStaff(db, user.agency.id) }), {
  admin: true,
});

export const POST = authedRoute(
  async (request, { user }) => {
    await requireRecentSecondFactor(user);
    const input = await readJson(request, newStaffSchema);
    return Response.json({ data: await addStaff(db, user, input) }, { status: 201 });
  },
  { admin: true },
);
