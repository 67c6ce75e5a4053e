import { requestPasswordReset } from '@/lib/account/server';
import { passwordResetRequestSchema, RESET_REQUESTED_MESSAGE } from '@/lib/account/schema';
import { clientAddress } from '@/lib/server/auth/config';
import { db } from '@/lib/server/db';
import { env } from '@/lib/server/env';
import { publicRoute, readJson } from '@/lib/server/http/route';

/** "Forgot password?": one answer whether or not an account uses the address (see requestPasswordReset). */
export const POST = publicRoute(async (request) => {
  const { email } = await readJson(request, passwordResetRequestSchema);
  await requestPasswordReset(db, { email, clientKey: clientAddress(request.headers, env().TRUSTED_PROXY_HOPS) });
  return Response.json({ data: { message: RESET_REQUESTED_MESSAGE } }, { status: 202 });
});
