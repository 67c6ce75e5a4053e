import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';

/**
 * Slows down password guessing. Each key (an e-mail address, a client address when one can be trusted, and
 * one global key for the whole portal) counts failures within WINDOW_MS; past its free attempts, further
 * attempts are refused until a delay has passed since the last failure, doubling with every failure up to a
 * cap. Kept in PostgreSQL so that every app process sees the same counts.
 *
 * Atomic: an attempt is *reserved* (counted as a failure) under a per-key advisory lock before the password is
 * checked, and given back on success. So N parallel guesses cannot all pass the check before any is counted.
 */
export const FREE_ATTEMPTS = 5;
const WINDOW_MS = 15 * 60_000;

export interface ThrottleRule {
  free: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Per e-mail address and per client address. */
export const KEY_RULE: ThrottleRule = { free: FREE_ATTEMPTS, baseDelayMs: 2_000, maxDelayMs: 5 * 60_000 };
/**
 * The whole portal: a spray of one password over many addresses (from rotating client addresses) is slowed
 * down too. Generous and short, so that an attacker can only slow everyone's sign-in by seconds, not lock it.
 */
export const GLOBAL_RULE: ThrottleRule = { free: 100, baseDelayMs: 1_000, maxDelayMs: 10_000 };

export interface ThrottleKey {
  key: string;
  rule: ThrottleRule;
}

export function lockoutDelayMs(failures: number, rule: ThrottleRule = KEY_RULE): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.baseDelayMs * 2 ** (failures - rule.free), rule.maxDelayMs);
}

type Row = { key: string; failures: number; lastFailureAt: Date };

/**
 * Takes one attempt for all keys at once, or none: the milliseconds to wait when any key is locked (nothing
 * counted then), 0 when the attempt may go ahead (then counted as a failure on every key until released).
 */
export async function reserveAttempt(db: PrismaClient, keys: ThrottleKey[], now = new Date()): Promise<number> {
  const sorted = [...keys].sort((a, b) => a.key.localeCompare(b.key)); // one lock order: no deadlocks
  return db.$transaction(async (tx) => {
    for (const { key } of sorted) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`login-throttle:${key}`}))`;
    const rows = await tx.$queryRaw<
      Row[]
    >`SELECT key, failures, "lastFailureAt" FROM "LoginThrottle" WHERE key = ANY(${sorted.map((k) => k.key)})`;
    const byKey = new Map(rows.map((r) => [r.key, r]));
    let wait = 0;
    for (const { key, rule } of sorted) {
      const row = byKey.get(key);
      if (!row) continue;
      const since = Math.max(0, now.getTime() - row.lastFailureAt.getTime()); // clocks of app processes may differ a little
      const delay = lockoutDelayMs(row.failures, rule);
      if (since > WINDOW_MS || delay === 0) continue;
      wait = Math.max(wait, delay - since);
    }
    if (wait > 0) return wait;
    for (const { key } of sorted) {
      const row = byKey.get(key);
      const expired = !row || now.getTime() - row.lastFailureAt.getTime() > WINDOW_MS;
      await tx.loginThrottle.upsert({
        where: { key },
        create: { key, failures: 1, lastFailureAt: now },
        update: { failures: expired ? 1 : { increment: 1 }, lastFailureAt: now },
      });
    }
    return 0;
  });
}

/** A successful sign-in: the address starts afresh; the other keys get their reserved attempt back. */
export async function releaseAttempt(db: PrismaClient, clear: string[], giveBack: string[]): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: { in: clear } } });
  if (giveBack.length) {
    await db.$executeRaw`UPDATE "LoginThrottle" SET failures = GREATEST(failures - 1, 0) WHERE key = ANY(${giveBack})`;
  }
}
