import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';
import { passkeyRegistrationOptions } from '@/lib/server/auth/passkeys';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';

/** POST /api/account/passkeys/options — a registration challenge (single use, 5 minutes) for a new passkey. */
export const POST = authedRoute(
  async (_request, { user }) => {
    await requireRecentSecondFactor(user);
    return Response.json({ data: await passkeyRegistrationOptions(db, user) }, { headers: { 'Cache-Control': 'no-store' } });
  },
  { allowDuringPasswordChange: true, allowDuringMfaEnrolment: true },
);
