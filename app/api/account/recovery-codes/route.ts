import { regenerateRecoveryCodes } from '@/lib/server/auth/factors';
import { db } from '@/lib/server/db';
import { authedRoute, readJson } from '@/lib/server/http/route';
import { totpCodeSchema } from '@/lib/validations/mfa';

/** POST /api/account/recovery-codes — a new set of 10 (the old ones stop working), after a code from the app. */
export const POST = authedRoute(async (request, { user }) => {
  const { code } = await readJson(request, totpCodeSchema);
  return Response.json({ data: await regenerateRecoveryCodes(db, user, code) });
});
