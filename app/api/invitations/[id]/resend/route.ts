import { resendInvitation } from '@/lib/invitations/server';
import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';

/** A new link (the previous one stops working) and 72 more hours. */
export const POST = authedRoute<{ id: string }>(
  async (_request, { user, params }) => {
    await requireRecentSecondFactor(user);
    return Response.json({ data: await resendInvitation(db, user, params.id) });
  },
  { admin: true },
);
