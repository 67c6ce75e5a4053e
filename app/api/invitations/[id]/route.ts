import { revokeInvitation } from '@/lib/invitations/server';
import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';

/** Revokes a pending invitation: its link stops working at once. */
export const DELETE = authedRoute<{ id: string }>(
  async (_request, { user, params }) => {
    await revokeInvitation(db, user, params.id);
    return new Response(null, { status: 204 });
  },
  { admin: true },
);
