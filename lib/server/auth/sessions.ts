import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { Role } from '@/lib/generated/prisma/enums';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export interface CurrentUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  agency: { id: string; name: string };
  sessionId: string;
  /** An admin set a temporary password: pages send them to /account until they choose their own. */
  mustChangePassword?: boolean;
}

// Only a hash of the session id is stored: a copy of the table cannot be replayed as cookies.
const hashSessionId = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

/** Seen-at updates are written at most this often, so that every page view is not a database write. */
const TOUCH_INTERVAL_MS = 60_000;

export async function createSession(db: PrismaClient, userId: string, policy: SessionPolicy, now = new Date()) {
  const sessionId = randomBytes(32).toString('base64url');
  await db.session.create({
    data: {
      id: hashSessionId(sessionId),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + policy.absoluteMs),
    },
  });
  return sessionId;
}

/**
 * The one check behind every authenticated page, route and action: the session exists, is within its idle
 * and absolute limits, and its user is still active. Anything else ends the session.
 */
export async function resolveSession(
  db: PrismaClient,
  sessionId: string,
  policy: SessionPolicy,
  now = new Date(),
): Promise<CurrentUser | null> {
  const id = hashSessionId(sessionId);
  const session = await db.session.findUnique({ where: { id }, include: { user: { include: { agency: true } } } });
  if (!session) return null;
  const idleExpired = now.getTime() - session.lastSeenAt.getTime() > policy.idleMs;
  if (idleExpired || session.expiresAt <= now || session.user.deactivatedAt) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.session.updateMany({ where: { id }, data: { lastSeenAt: now } });
  }
  const { user } = session;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    agency: { id: user.agency.id, name: user.agency.name },
    sessionId,
    mustChangePassword: user.mustChangePassword,
  };
}

export async function endSession(db: PrismaClient, sessionId: string) {
  await db.session.deleteMany({ where: { id: hashSessionId(sessionId) } });
}

export async function endAllSessionsOf(db: PrismaClient, userId: string) {
  await db.session.deleteMany({ where: { userId } });
}

/** Every session of the user but this one (after a password change in this one). */
export async function endOtherSessionsOf(db: PrismaClient, userId: string, keepSessionId: string) {
  await db.session.deleteMany({ where: { userId, id: { not: hashSessionId(keepSessionId) } } });
}
