import { db } from '@/lib/server/db';
import { authedRoute, readJson } from '@/lib/server/http/route';
import { registerPasskey } from '@/lib/server/auth/passkeys';
import { passkeyRegistrationSchema } from '@/lib/validations/mfa';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';

/** POST /api/account/passkeys `{ name, response }` — stores the passkey the browser just created for our challenge. */
export const POST = authedRoute(
  async (request, { user }) => {
    const { name, response } = await readJson(request, passkeyRegistrationSchema);
    const passkey = await registerPasskey(db, user, { name, response: response as unknown as RegistrationResponseJSON });
    return Response.json({ data: passkey }, { status: 201 });
  },
  { allowDuringPasswordChange: true, allowDuringMfaEnrolment: true },
);
