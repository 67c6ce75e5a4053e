import { db } from '@/lib/server/db';
import { authedRoute, readJson } from '@/lib/server/http/route';
import { removePasskey, renamePasskey } from '@/lib/server/auth/passkeys';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';
import { passkeyNameSchema } from '@/lib/validations/mfa';

/** PATCH /api/account/passkeys/{id} `{ name }` — renames one of one's own passkeys. */
export const PATCH = authedRoute<{ id: string }>(async (request, { user, params }) => {
  const { name } = await readJson(request, passkeyNameSchema);
  return Response.json({ data: await renamePasskey(db, user.id, params.id, name) });
});

/** DELETE /api/account/passkeys/{id} — removes one of one's own passkeys (a change of factors: step-up first). */
export const DELETE = authedRoute<{ id: string }>(async (_request, { user, params }) => {
  await requireRecentSecondFactor(user);
  await removePasskey(db, user, params.id);
  return Response.json({ data: { removed: true } });
});
