import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { ApiError } from '@/lib/errors/api-error';
import { clientAddress } from '@/lib/server/auth/config';
import { hashLinkToken, isLinkTokenShape } from '@/lib/server/auth/link-tokens';
import { env } from '@/lib/server/env';

/**
 * Attempts on onboarding links (opening, saving, submitting), counted in PostgreSQL so every instance sees the same
 * counts: per link (its token hash) and per client address, each within a sliding window. An attempt is counted
 * under a per-key advisory lock, so parallel requests cannot all pass the check before any is counted.
 */
export const ONBOARDING_WINDOW_MS = 10 * 60_000;
export const ONBOARDING_LIMITS = { link: 120, address: 300 } as const;

export interface ThrottleKeys {
  /** The link's token hash (never the token itself). */
  link: string;
  /** The client's address, when one can be trusted. */
  address?: string | null;
}

/** Counts one attempt on every key, or refuses (too_many_attempts, nothing counted) when any key is at its limit. */
export async function takeOnboardingAttempt(db: PrismaClient, keys: ThrottleKeys, now = new Date()): Promise<void> {
  const entries = [
    { key: `link:${keys.link}`, limit: ONBOARDING_LIMITS.link },
    ...(keys.address ? [{ key: `address:${keys.address}`, limit: ONBOARDING_LIMITS.address }] : []),
  ].sort((a, b) => a.key.localeCompare(b.key)); // one lock order: no deadlocks
  const since = new Date(now.getTime() - ONBOARDING_WINDOW_MS);
  await db.$transaction(async (tx) => {
    for (const { key } of entries) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`onboarding-throttle:${key}`}))`;
    for (const { key, limit } of entries) {
      await tx.onboardingAttempt.deleteMany({ where: { key, at: { lte: since } } });
      if ((await tx.onboardingAttempt.count({ where: { key } })) >= limit) throw new ApiError('too_many_attempts');
    }
    await tx.onboardingAttempt.createMany({ data: entries.map(({ key }) => ({ key, at: now })) });
  });
}

/** One attempt on a link from a request's headers: the link's hash and, behind trusted proxies, the client's address. */
export async function takeLinkAttempt(db: PrismaClient, headers: Headers, token: string, now = new Date()): Promise<void> {
  if (!isLinkTokenShape(token)) throw new ApiError('link_invalid');
  await takeOnboardingAttempt(db, { link: hashLinkToken(token), address: clientAddress(headers, env().TRUSTED_PROXY_HOPS) }, now);
}
