import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';

/**
 * Slows down password guessing: after FREE_ATTEMPTS failures for a key (an e-mail address or a client
 * address) within WINDOW_MS, each further attempt is refused until a delay has passed since the last
 * failure; the delay doubles with every failure up to MAX_DELAY_MS. Kept in PostgreSQL so that every app
 * process sees the same counts.
 */
export const FREE_ATTEMPTS = 5;
const WINDOW_MS = 15 * 60_000;
const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 5 * 60_000;

export function lockoutDelayMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_MS);
}

/** Milliseconds the caller must still wait before another attempt with any of these keys (0 = go ahead). */
export async function remainingLockoutMs(db: PrismaClient, keys: string[], now = new Date()): Promise<number> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys } } });
  let wait = 0;
  for (const row of rows) {
    const since = now.getTime() - row.lastFailureAt.getTime();
    if (since > WINDOW_MS) continue;
    wait = Math.max(wait, lockoutDelayMs(row.failures) - since);
  }
  return Math.max(0, wait);
}

export async function recordFailure(db: PrismaClient, keys: string[], now = new Date()): Promise<void> {
  for (const key of keys) {
    const row = await db.loginThrottle.findUnique({ where: { key } });
    const expired = row && now.getTime() - row.lastFailureAt.getTime() > WINDOW_MS;
    await db.loginThrottle.upsert({
      where: { key },
      create: { key, failures: 1, lastFailureAt: now },
      update: { failures: expired ? 1 : { increment: 1 }, lastFailureAt: now },
    });
  }
}

export async function clearFailures(db: PrismaClient, keys: string[]): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: { in: keys } } });
}
