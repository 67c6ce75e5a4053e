import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { ApiError } from '@/lib/errors/api-error';
import { recordAudit } from '@/lib/server/audit';
import { KEY_RULE, releaseAttempt, reserveAttempt } from './throttle';
import { replaceRecoveryCodes, useRecoveryCode } from './recovery-codes';
import { decryptTotpSecret, encryptTotpSecret, newTotpSecret, totpProvisioning, totpStepOf } from './totp';

interface Person {
  id: string;
  email: string;
  agency: { id: string };
}

/** Has the user a confirmed second factor, an app or a passkey (then sign-in asks for it)? */
export async function hasSecondFactor(db: PrismaClient, userId: string): Promise<boolean> {
  const [apps, passkeys] = await Promise.all([
    db.totpFactor.count({ where: { userId, confirmedAt: { not: null } } }),
    db.passkey.count({ where: { userId } }),
  ]);
  return apps + passkeys > 0;
}

/** Which second factors the user has: what the sign-in step and a step-up offer. */
export async function secondFactorKinds(db: PrismaClient, userId: string) {
  const [apps, passkeys] = await Promise.all([
    db.totpFactor.count({ where: { userId, confirmedAt: { not: null } } }),
    db.passkey.count({ where: { userId } }),
  ]);
  return { totp: apps > 0, passkey: passkeys > 0 };
}

export async function secondFactorStatus(db: PrismaClient, userId: string) {
  const [factor, unusedRecoveryCodes] = await Promise.all([
    db.totpFactor.findUnique({ where: { userId }, select: { confirmedAt: true } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { totpConfirmedAt: factor?.confirmedAt ?? null, unusedRecoveryCodes };
}

/**
 * Starts (or restarts) setting up an authenticator app: a new secret, kept unconfirmed until a code from the app
 * proves it was scanned. A confirmed app is never replaced here (the upsert's WHERE): remove it first.
 */
export async function startTotpEnrolment(db: PrismaClient, user: Person) {
  const secret = newTotpSecret();
  const ciphertext = encryptTotpSecret(user.id, secret);
  const rows = await db.$queryRaw<{ userId: string }[]>`
    INSERT INTO "TotpFactor" ("userId", "secretCiphertext") VALUES (${user.id}, ${ciphertext})
    ON CONFLICT ("userId") DO UPDATE SET "secretCiphertext" = EXCLUDED."secretCiphertext", "createdAt" = now()
    WHERE "TotpFactor"."confirmedAt" IS NULL
    RETURNING "userId"`;
  if (rows.length === 0) throw new ApiError('mfa_already_enrolled');
  return { secret, ...(await totpProvisioning(secret, user.email)) };
}

/**
 * Second-factor attempts per user are throttled like passwords (5 free, then doubling delays): a 6-digit code
 * cannot be guessed by trying. The attempt is counted before the check, given back on success.
 */
async function throttled<T>(db: PrismaClient, userId: string, now: Date, check: () => Promise<T | null>): Promise<T | null> {
  const key = `second-factor:${userId}`;
  const reservation = await reserveAttempt(db, [{ key, rule: KEY_RULE }], now);
  if (reservation.refuseMs > 0) throw new ApiError('too_many_attempts');
  const result = await check();
  if (result !== null) await releaseAttempt(db, reservation, [key], []);
  return result;
}

/**
 * Accepts an app code once: compare-and-set of the last used step, so the same code (or an older one) a second
 * time, or twice at once, is refused. `confirming` checks the not-yet-confirmed secret of an enrolment.
 */
async function useTotpCode(db: PrismaClient, userId: string, code: string, now: Date, confirming = false): Promise<number | null> {
  const factor = await db.totpFactor.findUnique({ where: { userId } });
  if (!factor || (factor.confirmedAt === null) !== confirming) return null;
  const step = await totpStepOf(decryptTotpSecret(userId, factor.secretCiphertext), code, now);
  if (step === null) return null;
  const taken = await db.totpFactor.updateMany({
    where: {
      userId,
      secretCiphertext: factor.secretCiphertext,
      confirmedAt: confirming ? null : { not: null },
      OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }],
    },
    data: { lastUsedStep: step, ...(confirming ? { confirmedAt: now } : {}) },
  });
  return taken.count === 1 ? step : null;
}

/** A new set of recovery codes and its audit line, in one transaction: the codes are never replaced unaudited. */
async function issueRecoveryCodes(
  db: PrismaClient,
  user: Person,
  action: 'mfa.totp_enrolled' | 'mfa.recovery_codes_regenerated',
): Promise<{ recoveryCodes: string[] }> {
  const recoveryCodes = await db.$transaction(async (tx) => {
    const codes = await replaceRecoveryCodes(tx, user.id);
    await recordAudit(tx, { agencyId: user.agency.id, actorId: user.id, action, targetType: 'user', targetId: user.id });
    return codes;
  });
  return { recoveryCodes };
}

/** Confirms the app with its first code; answers the 10 recovery codes, shown this once. */
export async function confirmTotpEnrolment(db: PrismaClient, user: Person, code: string, now = new Date()) {
  const factor = await db.totpFactor.findUnique({ where: { userId: user.id }, select: { confirmedAt: true } });
  if (!factor) throw new ApiError('mfa_not_enrolled');
  if (factor.confirmedAt) throw new ApiError('mfa_already_enrolled');
  const step = await throttled(db, user.id, now, () => useTotpCode(db, user.id, code, now, true));
  if (step === null)
    throw new ApiError('mfa_code_invalid', undefined, { code: 'That code is not right. Enter the code your app shows now.' });
  return issueRecoveryCodes(db, user, 'mfa.totp_enrolled');
}

export type SecondFactorUsed = 'totp' | 'recovery_code' | 'passkey';

/**
 * Checks a second factor (an app code, or a recovery code, each usable once), throttled per user. Null when it
 * does not pass; audited when a recovery code was spent or a code was wrong.
 */
export async function verifySecondFactor(
  db: PrismaClient,
  user: { id: string; agencyId: string },
  code: string,
  now = new Date(),
): Promise<SecondFactorUsed | null> {
  const used = await throttled<SecondFactorUsed>(db, user.id, now, async () => {
    if (/^\d{6}$/.test(code)) return (await useTotpCode(db, user.id, code, now)) === null ? null : 'totp';
    if (!(await hasSecondFactor(db, user.id))) return null;
    return (await useRecoveryCode(db, user.id, code, now)) ? 'recovery_code' : null;
  });
  if (used === 'recovery_code') {
    await recordAudit(db, {
      agencyId: user.agencyId,
      actorId: user.id,
      action: 'mfa.recovery_code_used',
      targetType: 'user',
      targetId: user.id,
    });
  } else if (used === null) {
    await recordAudit(db, {
      agencyId: user.agencyId,
      actorId: user.id,
      action: 'sign_in.second_factor_failed',
      targetType: 'user',
      targetId: user.id,
    });
  }
  return used;
}

/** A code from the app (or a recovery code) before the factor itself changes: whoever holds the session alone cannot. */
async function requireCurrentFactor(db: PrismaClient, user: Person, code: string, now: Date, appOnly = false) {
  if (appOnly && !/^\d{6}$/.test(code)) throw new ApiError('mfa_code_invalid');
  if (!(await verifySecondFactor(db, { id: user.id, agencyId: user.agency.id }, code, now))) {
    throw new ApiError('mfa_code_invalid', undefined, { code: 'That code is not right, or it was already used.' });
  }
}

/** Removes the authenticator app and its recovery codes. */
export async function removeTotp(db: PrismaClient, user: Person, code: string, now = new Date()) {
  await requireCurrentFactor(db, user, code, now);
  await db.$transaction(async (tx) => {
    await tx.totpFactor.deleteMany({ where: { userId: user.id } });
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await recordAudit(tx, {
      agencyId: user.agency.id,
      actorId: user.id,
      action: 'mfa.totp_removed',
      targetType: 'user',
      targetId: user.id,
    });
  });
}

/** A new set of 10 recovery codes (the old ones stop working), after a code from the app. */
export async function regenerateRecoveryCodes(db: PrismaClient, user: Person, code: string, now = new Date()) {
  await requireCurrentFactor(db, user, code, now, true);
  return issueRecoveryCodes(db, user, 'mfa.recovery_codes_regenerated');
}
