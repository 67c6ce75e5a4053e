import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';

/**
 * Slows down password guessing. Each key (an e-mail address, a client address when one can be trusted, and
 * one global key for the whole portal) counts failures within WINDOW_MS; past its free attempts, further
 * attempts are refused until a delay has passed since the last failure, doubling with every failure up to a
 * cap. Kept in PostgreSQL so that every app process sees the same counts.
 *
 * Atomic: an attempt is *reserved* (counted as a failure) under a per-key advisory lock before the password is
 * checked, and given back on success — its count and its time stamp both, so a success never re-arms a rule. So N
 * parallel guesses cannot all pass the check before any is counted.
 *
 * A rule with `slowOnly` (the portal-wide ones) never refuses: past its free attempts it asks the caller to wait a
 * bounded delay and go ahead, so an attacker spraying unknown addresses slows everyone by seconds, locks no one out.
 */
export const FREE_ATTEMPTS = 5;
const WINDOW_MS = 15 * 60_000;

export interface ThrottleRule {
  free: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Never refuses: its delay is waited out by the caller, and the attempt goes ahead. */
  slowOnly?: boolean;
}

/** Per e-mail address and per client address. */
export const KEY_RULE: ThrottleRule = { free: FREE_ATTEMPTS, baseDelayMs: 2_000, maxDelayMs: 5 * 60_000 };
/**
 * The whole portal: a spray of one password over many addresses (from rotating client addresses) is slowed
 * down too. Generous and short, so that an attacker can only slow everyone's sign-in by seconds, not lock it.
 */
export const GLOBAL_RULE: ThrottleRule = { free: 100, baseDelayMs: 250, maxDelayMs: 3_000, slowOnly: true };

export interface ThrottleKey {
  key: string;
  rule: ThrottleRule;
}

export function lockoutDelayMs(failures: number, rule: ThrottleRule = KEY_RULE): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.baseDelayMs * 2 ** (failures - rule.free), rule.maxDelayMs);
}

type Row = { key: string; failures: number; lastFailureAt: Date };

export interface Reservation {
  /** > 0: a refusing rule is locked for this long; nothing was counted. */
  refuseMs: number;
  /** > 0: a slow-only rule asks the caller to wait this long (bounded by its maxDelayMs) before going ahead. */
  slowMs: number;
  /** What release() needs to give the attempt back exactly: the time stamp each key had before it. */
  at: Date;
  before: Map<string, Date | null>;
}

/**
 * Takes one attempt for all keys at once, or none: refused (nothing counted) when any refusing rule is locked;
 * otherwise counted as a failure on every key until released, with the wait the slow-only rules ask for.
 */
export async function reserveAttempt(db: PrismaClient, keys: ThrottleKey[], now = new Date()): Promise<Reservation> {
  const sorted = [...keys].sort((a, b) => a.key.localeCompare(b.key)); // one lock order: no deadlocks
  return db.$transaction(async (tx) => {
    for (const { key } of sorted) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`login-throttle:${key}`}))`;
    const rows = await tx.$queryRaw<
      Row[]
    >`SELECT key, failures, "lastFailureAt" FROM "LoginThrottle" WHERE key = ANY(${sorted.map((k) => k.key)})`;
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const reservation: Reservation = { refuseMs: 0, slowMs: 0, at: now, before: new Map() };
    for (const { key, rule } of sorted) {
      const row = byKey.get(key);
      if (!row) continue;
      const since = Math.max(0, now.getTime() - row.lastFailureAt.getTime()); // clocks of app processes may differ a little
      const delay = lockoutDelayMs(row.failures, rule);
      if (since > WINDOW_MS || delay === 0) continue;
      if (rule.slowOnly) reservation.slowMs = Math.max(reservation.slowMs, Math.min(delay - since, rule.maxDelayMs));
      else reservation.refuseMs = Math.max(reservation.refuseMs, delay - since);
    }
    if (reservation.refuseMs > 0) return { ...reservation, slowMs: 0 };
    for (const { key } of sorted) {
      const row = byKey.get(key);
      const expired = !row || now.getTime() - row.lastFailureAt.getTime() > WINDOW_MS;
      reservation.before.set(key, row?.lastFailureAt ?? null);
      await tx.loginThrottle.upsert({
        where: { key },
        create: { key, failures: 1, lastFailureAt: now },
        update: { failures: expired ? 1 : { increment: 1 }, lastFailureAt: now },
      });
    }
    return reservation;
  });
}

/**
 * A successful attempt: the `clear` keys start afresh; the others get their reserved attempt back, and their time
 * stamp too unless a later attempt has stamped them since (compare-and-set), so a success never restarts a delay.
 */
export async function releaseAttempt(db: PrismaClient, reservation: Reservation, clear: string[], giveBack: string[]): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: { in: clear } } });
  for (const key of giveBack) {
    const before = reservation.before.get(key);
    const restored = before
      ? await db.loginThrottle.updateMany({
          where: { key, lastFailureAt: reservation.at, failures: { gt: 0 } },
          data: { failures: { decrement: 1 }, lastFailureAt: before },
        })
      : { count: 0 };
    if (restored.count === 0)
      await db.loginThrottle.updateMany({ where: { key, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } });
  }
}
