import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';
import { passkeyAuthenticationOptions } from '@/lib/server/auth/passkeys';

/** POST /api/account/step-up/options — a challenge (single use, 5 minutes) for confirming it is you with a passkey. */
export const POST = authedRoute(
  async (_request, { user }) =>
    Response.json({ data: await passkeyAuthenticationOptions(db, user.id, 'step_up') }, { headers: { 'Cache-Control': 'no-store' } }),
  { allowDuringPasswordChange: true, allowDuringMfaEnrolment: true },
);
