import { completePasswordReset } from '@/lib/account/server';
import { passwordResetSchema } from '@/lib/account/schema';
import { db } from '@/lib/server/db';
import { publicRoute, readJson } from '@/lib/server/http/route';

/** Uses a reset link: sets the password and ends every session of that person. */
export const POST = publicRoute(async (request) => {
  const input = await readJson(request, passwordResetSchema);
  await completePasswordReset(db, input);
  return Response.json({ data: { done: true } });
});
