import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { recordAudit } from '../audit';
import { hasSecondFactor } from './factors';
import { dummyPasswordHash, verifyPassword } from './password';
import { startPendingSignIn } from './pending-sign-in';
import { createSession, type SessionPolicy } from './sessions';
import { GLOBAL_RULE, KEY_RULE, releaseAttempt, reserveAttempt, type ThrottleKey } from './throttle';

export type SignInResult =
  | { ok: true; userId: string; sessionId: string }
  | { ok: false; reason: 'invalid_credentials' }
  /** The password is right; the session waits for the second factor (./pending-sign-in.ts). */
  | { ok: false; reason: 'second_factor_required'; pendingToken: string }
  | { ok: false; reason: 'too_many_attempts'; retryAfterMs: number };

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * Checks an e-mail and password. Every failure (unknown address, wrong password, deactivated account)
 * looks the same to the caller, and repeated failures per address, per client (only when the client address
 * comes from a trusted proxy, see clientAddress) and portal-wide are slowed down.
 */
export async function signInWithPassword(
  db: PrismaClient,
  input: { email: string; password: string; clientKey?: string; userAgent?: string },
  policy: SessionPolicy,
  now = new Date(),
  /** Name of the portal-wide throttle key (tests use their own, so parallel test files do not share it). */
  globalKey = 'global',
  /** Waits out a slow-only rule's delay (tests record it instead of waiting). */
  pause: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const keys: ThrottleKey[] = [
    { key: `email:${email}`, rule: KEY_RULE },
    ...(input.clientKey ? [{ key: `client:${input.clientKey}`, rule: KEY_RULE }] : []),
    { key: globalKey, rule: GLOBAL_RULE },
  ];

  const reservation = await reserveAttempt(db, keys, now);
  if (reservation.refuseMs > 0) return { ok: false, reason: 'too_many_attempts', retryAfterMs: reservation.refuseMs };
  // The portal-wide rule only slows: a spray of failures elsewhere never refuses this person's right password.
  if (reservation.slowMs > 0) await pause(reservation.slowMs);

  const user = await db.user.findUnique({ where: { email } });
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !passwordOk || user.deactivatedAt) {
    if (user)
      await recordAudit(db, { agencyId: user.agencyId, actorId: user.id, action: 'sign_in.failed', targetType: 'user', targetId: user.id });
    return { ok: false, reason: 'invalid_credentials' }; // stays counted
  }

  await releaseAttempt(
    db,
    reservation,
    [`email:${email}`],
    keys.slice(1).map((k) => k.key),
  );
  if (await hasSecondFactor(db, user.id)) {
    return { ok: false, reason: 'second_factor_required', pendingToken: await startPendingSignIn(db, user.id, now) };
  }
  const sessionId = await createSession(db, user.id, policy, now, input.userAgent);
  await recordAudit(db, { agencyId: user.agencyId, actorId: user.id, action: 'sign_in.succeeded', targetType: 'user', targetId: user.id });
  return { ok: true, userId: user.id, sessionId };
}
