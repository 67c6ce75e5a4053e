import { createInvitation, listPendingInvitations } from '@/lib/invitations/server';
import { newInvitationSchema } from '@/lib/invitations/schema';
import { db } from '@/lib/server/db';
import { authedRoute, readJson } from '@/lib/server/http/route';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';

export const GET = authedRoute(async (_request, { user }) => Response.json({ data: await listPendingInvitations(db, user.agency.id) }), {
  admin: true,
});

export const POST = authedRoute(
  async (request, { user }) => {
    await requireRecentSecondFactor(user);
    const input = await readJson(request, newInvitationSchema);
    return Response.json({ data: await createInvitation(db, user, input) }, { status: 201 });
  },
  { admin: true },
);
