import { removeTotp, startTotpEnrolment } from '@/lib/server/auth/factors';
import { db } from '@/lib/server/db';
import { authedRoute, readJson } from '@/lib/server/http/route';
import { secondFactorCodeSchema } from '@/lib/validations/mfa';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';

// Callable while the agency's policy holds everything else back until a factor is set up (and with a temporary password).
const SETUP = { allowDuringPasswordChange: true, allowDuringMfaEnrolment: true } as const;

/** POST /api/account/totp — starts setting up an authenticator app: the secret, as text and as a QR code (SVG). */
export const POST = authedRoute(async (_request, { user }) => {
  await requireRecentSecondFactor(user);
  const { secret, qrSvg } = await startTotpEnrolment(db, user);
  return Response.json({ data: { secret, qrSvg } });
}, SETUP);

/** DELETE /api/account/totp — removes the app and its recovery codes; needs a current code (or a recovery code). */
export const DELETE = authedRoute(async (request, { user }) => {
  const { code } = await readJson(request, secondFactorCodeSchema);
  await removeTotp(db, user, code);
  return Response.json({ data: { removed: true } });
});
