import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { ApiError } from '@/lib/errors/api-error';
import { appUrl, queueMail, renderEmail, sendMailNow } from '@/lib/mail/server';
import { recordAudit } from '@/lib/server/audit';
import { hashLinkToken, isLinkTokenShape, newLinkToken } from '@/lib/server/auth/link-tokens';
import { hashPassword } from '@/lib/server/auth/password';
import { endAllSessionsOf } from '@/lib/server/auth/sessions';
import { reserveAttempt, type ThrottleKey, type ThrottleRule } from '@/lib/server/auth/throttle';
import { db as appDb } from '@/lib/server/db';
import { defineJob, sendJob } from '@/lib/server/jobs';

/** How long a reset link works. */
export const RESET_TTL_MS = 30 * 60_000;

/** Per address and per client: 3 requests in 15 minutes, then a wait that doubles (1 minute up to 15). */
export const RESET_KEY_RULE: ThrottleRule = { free: 3, baseDelayMs: 60_000, maxDelayMs: 15 * 60_000 };
/**
 * The whole portal: a flood of requests for many addresses is slowed down too — by delaying its jobs (at most a
 * minute), never by dropping them: a real person's request behind a spray still gets its e-mail.
 */
export const RESET_GLOBAL_RULE: ThrottleRule = { free: 200, baseDelayMs: 1_000, maxDelayMs: 60_000, slowOnly: true };

export const passwordResetRequestJob = defineJob({
  name: 'password-reset-request',
  payload: z.object({ email: z.string().min(3).max(254), requestId: z.uuid() }),
  queue: { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
  // A spray queues many jobs (each one cheap for an unknown address): several workers drain them.
  concurrency: 4,
  async handle({ email, requestId }) {
    await issuePasswordReset(appDb, email, requestId);
  },
});

/**
 * "Forgot password?": the request does the same work whatever the address — count it against the throttle
 * keys and queue a job — so neither its answer nor its timing says whether an account exists. The job looks the
 * address up and, only for an active account, writes the link and its e-mail. A throttled request is answered
 * the same way and sends nothing; one slowed by the portal-wide rule is queued to run after its delay.
 */
export async function requestPasswordReset(
  db: PrismaClient,
  input: { email: string; clientKey?: string },
  options: {
    now?: Date;
    globalKey?: string;
    send?: (data: { email: string; requestId: string }, startAfterSeconds: number) => Promise<unknown>;
  } = {},
): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const keys: ThrottleKey[] = [
    { key: `reset-email:${email}`, rule: RESET_KEY_RULE },
    ...(input.clientKey ? [{ key: `reset-client:${input.clientKey}`, rule: RESET_KEY_RULE }] : []),
    { key: options.globalKey ?? 'reset-global', rule: RESET_GLOBAL_RULE },
  ];
  const reservation = await reserveAttempt(db, keys, options.now);
  if (reservation.refuseMs > 0) return; // this address or client is over its own limit
  const send = options.send ?? ((data, startAfter) => sendJob(passwordResetRequestJob, data, startAfter > 0 ? { startAfter } : {}));
  await send({ email, requestId: randomUUID() }, Math.ceil(reservation.slowMs / 1000));
}

const isUniqueViolation = (error: unknown) => typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';

/** The job's work: a link for an active account (at most once per request, even if the job runs again). */
export async function issuePasswordReset(db: PrismaClient, email: string, requestId: string, now = new Date()): Promise<boolean> {
  const user = await db.user.findUnique({ where: { email }, include: { agency: true } });
  if (!user || user.deactivatedAt) return false;
  const { token, hash } = newLinkToken();
  const mailId = `reset-${requestId}`;
  try {
    await db.$transaction(async (tx) => {
      await queueMail(tx, {
        id: mailId,
        agencyId: user.agencyId,
        userId: user.id,
        to: user.email,
        kind: 'password_reset',
        email: renderEmail({
          agencyName: user.agency.name,
          subject: 'Choose a new password for the agency portal',
          heading: 'Choose a new password',
          paragraphs: [
            `Hello ${user.name},`,
            `Someone (we hope you) asked to reset the password of your account at ${user.agency.name}'s agency portal.`,
            'The link below works once, for 30 minutes. Using it signs you out everywhere.',
          ],
          action: { label: 'Choose a new password', url: appUrl(`/reset-password?token=${token}`) },
          footer: 'If you did not ask for this, ignore this e-mail: your password stays as it is.',
        }),
      });
      await tx.passwordReset.create({
        data: { tokenHash: hash, userId: user.id, createdAt: now, expiresAt: new Date(now.getTime() + RESET_TTL_MS) },
      });
      await recordAudit(tx, {
        agencyId: user.agencyId,
        actorId: user.id,
        action: 'password_reset.requested',
        targetType: 'user',
        targetId: user.id,
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // This request was handled by an earlier run of the job; make sure its e-mail is on its way.
  }
  await sendMailNow([mailId]);
  return true;
}

/** Whether a reset link still works (for the page to show the form or say why not). */
export async function resetLinkUsable(db: PrismaClient, token: string | undefined, now = new Date()): Promise<boolean> {
  if (!isLinkTokenShape(token)) return false;
  const reset = await db.passwordReset.findUnique({ where: { tokenHash: hashLinkToken(token) }, include: { user: true } });
  return !!reset && !reset.usedAt && reset.expiresAt > now && !reset.user.deactivatedAt;
}

/**
 * Uses a reset link: single use (claimed atomically), within 30 minutes, for an active account. Sets the
 * password, ends every session of the user, voids their other reset links and clears their sign-in throttle.
 */
export async function completePasswordReset(db: PrismaClient, input: { token: string; password: string }, now = new Date()): Promise<void> {
  if (!isLinkTokenShape(input.token)) throw new ApiError('link_invalid');
  const passwordHash = await hashPassword(input.password);
  await db.$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<{ userId: string }[]>`
      UPDATE "PasswordReset" SET "usedAt" = ${now}
      WHERE "tokenHash" = ${hashLinkToken(input.token)} AND "usedAt" IS NULL AND "expiresAt" > ${now}
      RETURNING "userId"`;
    const userId = claimed[0]?.userId;
    const user = userId ? await tx.user.findUnique({ where: { id: userId } }) : null;
    if (!user || user.deactivatedAt) throw new ApiError('link_invalid');
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false } });
    await tx.passwordReset.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
    await endAllSessionsOf(tx as unknown as PrismaClient, user.id);
    await tx.loginThrottle.deleteMany({ where: { key: `email:${user.email}` } });
    await recordAudit(tx, {
      agencyId: user.agencyId,
      actorId: user.id,
      action: 'password_reset.completed',
      targetType: 'user',
      targetId: user.id,
    });
  });
}
