import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { ApiError } from '@/lib/errors/api-error';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { passkeyAssertionSchema, secondFactorCodeSchema } from '@/lib/validations/mfa';
import { recordAudit } from '../audit';
import { db as defaultDb } from '../db';
import { env } from '../env';
import { errorResponse } from '../http/api-error';
import { redirectTo } from '../http/redirect';
import { hasSecondFactor, secondFactorKinds, verifySecondFactor } from './factors';
import { verifyPasskey } from './passkeys';
import { verifyPassword } from './password';
import { markSessionSteppedUp, type CurrentUser } from './sessions';
import { KEY_RULE, releaseAttempt, reserveAttempt } from './throttle';

/** A sensitive action passes for this long after the session last proved the user's factor (sign-in or step-up). */
export const STEP_UP_MS = 10 * 60_000;

/** What the prompt asks for: a code, a passkey, or the password of someone who has no second factor. */
export type StepUpAsk = 'code' | 'passkey' | 'password';

/**
 * The one gate in front of every sensitive action (Nxsys connection, staff changes, invitations, exports of personal
 * data, one's own password and factors): the session must have proved the user's strongest factor in the last 10
 * minutes. The time is the session row's `stepUpAt`, read with the session on this request. Otherwise 403
 * `step_up_required`, naming what to ask for; the browser prompts and retries (lib/api-client.ts).
 */
export async function requireRecentSecondFactor(user: CurrentUser, now = new Date(), db: PrismaClient = defaultDb): Promise<void> {
  if (user.stepUpAt && now.getTime() - user.stepUpAt.getTime() < STEP_UP_MS) return;
  throw new ApiError('step_up_required', undefined, undefined, undefined, await stepUpAsk(db, user.id));
}

/** What a step-up asks of this user: their app's code (or a recovery code), a passkey, or the password without either. */
export async function stepUpAsk(db: PrismaClient, userId: string): Promise<{ ask: StepUpAsk; passkey: boolean }> {
  const kinds = await secondFactorKinds(db, userId);
  return { ask: kinds.totp ? 'code' : kinds.passkey ? 'passkey' : 'password', passkey: kinds.passkey };
}

/**
 * Proves the factor again for this session: a passkey's answer to a step-up challenge, a second-factor code (single use
 * and throttled, see verifySecondFactor), or — only for someone without a second factor — the password (throttled like changing it). Audited without it.
 */
export async function stepUp(
  db: PrismaClient,
  user: CurrentUser,
  input: { code?: string; password?: string; passkey?: unknown },
  now = new Date(),
): Promise<{ stepUpAt: Date }> {
  let factor: string;
  if (input.passkey !== undefined) {
    const parsed = passkeyAssertionSchema.safeParse(input.passkey);
    const ok = parsed.success && (await verifyPasskey(db, user.id, parsed.data as unknown as AuthenticationResponseJSON, 'step_up', now));
    if (!ok) throw new ApiError('passkey_invalid');
    factor = 'passkey';
  } else if (await hasSecondFactor(db, user.id)) {
    const parsed = secondFactorCodeSchema.safeParse({ code: input.code ?? '' });
    if (!parsed.success)
      throw new ApiError('mfa_code_invalid', undefined, { code: 'Enter the 6-digit code from your app, or a recovery code.' });
    const used = await verifySecondFactor(db, { id: user.id, agencyId: user.agency.id }, parsed.data.code, now);
    if (!used) throw new ApiError('mfa_code_invalid', undefined, { code: 'That code is not right, or it was already used.' });
    factor = used;
  } else {
    await checkPassword(db, user.id, input.password ?? '', now);
    factor = 'password';
  }
  await markSessionSteppedUp(db, user.sessionId, now);
  await recordAudit(db, {
    agencyId: user.agency.id,
    actorId: user.id,
    action: 'step_up.passed',
    targetType: 'user',
    targetId: user.id,
    details: { factor },
  });
  return { stepUpAt: now };
}

async function checkPassword(db: PrismaClient, userId: string, password: string, now: Date) {
  // The same key as changing one's password: a stolen session cannot guess at full speed through either.
  const key = `password-check:${userId}`;
  const reservation = await reserveAttempt(db, [{ key, rule: KEY_RULE }], now);
  if (reservation.refuseMs > 0) throw new ApiError('too_many_attempts');
  const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!password || !(await verifyPassword(passwordHash, password))) {
    throw new ApiError('step_up_password_invalid', undefined, { password: 'That password is not right.' });
  }
  await releaseAttempt(db, reservation, [key], []);
}

/**
 * The answer to a refused sensitive action: JSON for our scripts (they prompt and retry), but a plain form POST or
 * link (Connect, Disconnect, a download opened without script) cannot prompt: that browser is sent to confirm it is
 * you, and then back to the page it came from.
 */
export function stepUpAnswer(request: Request, error: ApiError): Response {
  if (request.headers.get('sec-fetch-mode') !== 'navigate') return errorResponse(error.code, error.message, undefined, error.details);
  return redirectTo(`/account/confirm?next=${encodeURIComponent(returnPath(request.headers.get('referer')))}`);
}

/** The page of ours a browser came from (its path), or the dashboard. */
export function returnPath(referer: string | null): string {
  try {
    const url = new URL(referer ?? '');
    if (url.origin === new URL(env().NEXTAUTH_URL).origin) return url.pathname + url.search;
  } catch {
    // no or broken Referer
  }
  return '/';
}
