import { db } from '@/lib/server/db';
import { authedRoute, readJson } from '@/lib/server/http/route';
import { setAgencyMfaPolicy } from '@/lib/staff/server';
import { mfaPolicySchema } from '@/lib/validations/mfa';

/** PUT /api/staff/mfa-policy (admins): `{ requireMfa }` — whether everyone in the agency must sign in with a second factor. */
export const PUT = authedRoute(
  async (request, { user }) => {
    const { requireMfa } = await readJson(request, mfaPolicySchema);
    return Response.json({ data: await setAgencyMfaPolicy(db, user, requireMfa) });
  },
  { admin: true },
);
