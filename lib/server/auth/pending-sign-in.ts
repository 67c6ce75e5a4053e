import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { ApiError } from '@/lib/errors/api-error';
import { recordAudit } from '../audit';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { verifySecondFactor, type SecondFactorUsed } from './factors';
import { verifyPasskey } from './passkeys';
import { hashLinkToken, isLinkTokenShape, newLinkToken } from './link-tokens';
import { createSession, type SessionPolicy } from './sessions';

/** How long a right password waits for its second factor. */
export const PENDING_SIGN_IN_MS = 5 * 60_000;

/**
 * A right password from someone with a second factor: no session yet, only this pending step. Its token goes to the
 * browser in an httpOnly cookie (256 random bits, only their hash stored): the step can be finished from that
 * browser alone, within 5 minutes.
 */
export async function startPendingSignIn(db: PrismaClient, userId: string, now = new Date()): Promise<string> {
  const { token, hash } = newLinkToken();
  await db.pendingSignIn.create({ data: { id: hash, userId, expiresAt: new Date(now.getTime() + PENDING_SIGN_IN_MS) } });
  return token;
}

export type SecondFactorSignInResult =
  { ok: true; userId: string; sessionId: string } | { ok: false; reason: 'expired' | 'invalid_code' | 'too_many_attempts' };

/**
 * The pending sign-in of this browser's cookie token, if still open: whose it is (to offer their passkeys).
 */
export async function pendingSignInUser(db: PrismaClient, token: string | undefined, now = new Date()): Promise<string | null> {
  if (!isLinkTokenShape(token)) return null;
  const pending = await db.pendingSignIn.findUnique({ where: { id: hashLinkToken(token) }, select: { userId: true, expiresAt: true } });
  return pending && pending.expiresAt > now ? pending.userId : null;
}

/**
 * Finishes a pending sign-in with a second factor (an app or recovery code, or a passkey's answer). The code is single use (see verifySecondFactor) and the pending
 * step is claimed by compare-and-set (delete where still there and unexpired): two submissions at once make one session.
 */
export async function completePendingSignIn(
  db: PrismaClient,
  input: { token: string | undefined; code?: string; passkey?: AuthenticationResponseJSON; userAgent?: string },
  policy: SessionPolicy,
  now = new Date(),
): Promise<SecondFactorSignInResult> {
  if (!isLinkTokenShape(input.token)) return { ok: false, reason: 'expired' };
  const id = hashLinkToken(input.token);
  const pending = await db.pendingSignIn.findUnique({
    where: { id },
    include: { user: { select: { agencyId: true, deactivatedAt: true } } },
  });
  if (!pending || pending.expiresAt <= now || pending.user.deactivatedAt) {
    if (pending) await db.pendingSignIn.deleteMany({ where: { id } });
    return { ok: false, reason: 'expired' };
  }
  let used: SecondFactorUsed | null;
  try {
    used = input.passkey
      ? (await verifyPasskey(db, pending.userId, input.passkey, 'sign_in', now))
        ? 'passkey'
        : null
      : await verifySecondFactor(db, { id: pending.userId, agencyId: pending.user.agencyId }, input.code ?? '', now);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'too_many_attempts') return { ok: false, reason: 'too_many_attempts' };
    throw error;
  }
  if (!used) return { ok: false, reason: 'invalid_code' };
  const claimed = await db.pendingSignIn.deleteMany({ where: { id, expiresAt: { gt: now } } });
  if (claimed.count !== 1) return { ok: false, reason: 'expired' };
  const sessionId = await createSession(db, pending.userId, policy, now, input.userAgent);
  await recordAudit(db, {
    agencyId: pending.user.agencyId,
    actorId: pending.userId,
    action: 'sign_in.succeeded',
    targetType: 'user',
    targetId: pending.userId,
    details: { secondFactor: used },
  });
  return { ok: true, userId: pending.userId, sessionId };
}
