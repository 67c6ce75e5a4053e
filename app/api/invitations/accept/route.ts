import { acceptInvitation } from '@/lib/invitations/server';
import { acceptInvitationSchema } from '@/lib/invitations/schema';
import { db } from '@/lib/server/db';
import { publicRoute, readJson } from '@/lib/server/http/route';

/** Uses an invitation link (no session): creates the account; the browser then signs in with the new password. */
export const POST = publicRoute(async (request) => {
  const input = await readJson(request, acceptInvitationSchema);
  return Response.json({ data: await acceptInvitation(db, input) }, { status: 201 });
});
