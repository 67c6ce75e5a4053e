import { db } from '@/lib/server/db';
import { authedRoute, readJson } from '@/lib/server/http/route';
import { stepUp } from '@/lib/server/auth/step-up';
import { stepUpSchema } from '@/lib/validations/mfa';

/**
 * POST /api/account/step-up `{ code }` or `{ password }` — confirms it is you: sensitive actions pass for the next
 * 10 minutes in this session. Open while a temporary password or the agency's policy holds everything else back.
 */
export const POST = authedRoute(
  async (request, { user }) => Response.json({ data: await stepUp(db, user, await readJson(request, stepUpSchema)) }),
  { allowDuringPasswordChange: true, allowDuringMfaEnrolment: true },
);
