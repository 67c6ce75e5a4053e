import { confirmTotpEnrolment } from '@/lib/server/auth/factors';
import { db } from '@/lib/server/db';
import { authedRoute, readJson } from '@/lib/server/http/route';
import { totpCodeSchema } from '@/lib/validations/mfa';

/** POST /api/account/totp/confirm — the app's first code confirms it; answers the 10 recovery codes, this once. */
export const POST = authedRoute(
  async (request, { user }) => {
    const { code } = await readJson(request, totpCodeSchema);
    return Response.json({ data: await confirmTotpEnrolment(db, user, code) });
  },
  { allowDuringPasswordChange: true, allowDuringMfaEnrolment: true },
);
