import { db } from '@/lib/server/db';
import { authedRoute, readJson } from '@/lib/server/http/route';
import { changeOwnPassword } from '@/lib/staff/server';
import { changePasswordSchema } from '@/lib/staff/schema';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';

/** POST /api/account/password — the signed-in user changes their own password (their other sessions end). */
export const POST = authedRoute(
  async (request, { user }) => {
    await requireRecentSecondFactor(user);
    await changeOwnPassword(db, user, await readJson(request, changePasswordSchema));
    return Response.json({ data: { changed: true } });
  },
  { allowDuringPasswordChange: true, allowDuringMfaEnrolment: true },
);
