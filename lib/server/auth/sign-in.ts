import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { dummyPasswordHash, verifyPassword } from './password';
import { createSession, type SessionPolicy } from './sessions';
import { clearFailures, recordFailure, remainingLockoutMs } from './throttle';

export type SignInResult =
  | { ok: true; userId: string; sessionId: string }
  | { ok: false; reason: 'invalid_credentials' }
  | { ok: false; reason: 'too_many_attempts'; retryAfterMs: number };

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * Checks an e-mail and password. Every failure (unknown address, wrong password, deactivated account)
 * looks the same to the caller, and repeated failures per address and per client are slowed down.
 */
export async function signInWithPassword(
  db: PrismaClient,
  input: { email: string; password: string; clientKey?: string },
  policy: SessionPolicy,
  now = new Date(),
): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const keys = [`email:${email}`, ...(input.clientKey ? [`client:${input.clientKey}`] : [])];

  const wait = await remainingLockoutMs(db, keys, now);
  if (wait > 0) return { ok: false, reason: 'too_many_attempts', retryAfterMs: wait };

  const user = await db.user.findUnique({ where: { email } });
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !passwordOk || user.deactivatedAt) {
    await recordFailure(db, keys, now);
    return { ok: false, reason: 'invalid_credentials' };
  }

  await clearFailures(db, [`email:${email}`]);
  const sessionId = await createSession(db, user.id, policy, now);
  return { ok: true, userId: user.id, sessionId };
}
