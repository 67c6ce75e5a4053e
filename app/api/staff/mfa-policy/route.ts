import { db } from '@/lib/server/db';
import { authedRoute, readJson } from '@/lib/server/http/route';
import { setAgencyMfaPolicy } from '@/lib/staff/server';
import { mfaPolicySchema } from '@/lib/validations/mfa';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';

/** PUT /api/staff/mfa-policy (admins): `{ requireMfa }` — whether everyone in the agency must sign in with a second factor. */
export const PUT = authedRoute(
  async (request, { user }) => {
    await requireRecentSecondFactor(user);
    const { requireMfa } = await readJson(request, mfaPolicySchema);
    return Response.json({ data: await setAgencyMfaPolicy(db, user, requireMfa) });
  },
  { admin: true },
);
