import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { ConnectionStatus, Role } from '@/lib/generated/prisma/enums';
import { attachConnectionSnapshot } from '../connection-snapshot';
import { sqlRows } from '../db';
import { describeUserAgent } from './user-agent';

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
  /** The agency requires a second factor and they have none: pages send them to /account to set one up first. */
  mustEnrolMfa?: boolean;
  /** When this session last proved the user's strongest factor (sign-in or step-up): ./step-up.ts. */
  stepUpAt?: Date | null;
}

// Only a hash of the session id is stored: a copy of the table cannot be replayed as cookies.
const hashSessionId = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

/** Seen-at updates are written at most this often, so that every page view is not a database write. */
const TOUCH_INTERVAL_MS = 60_000;

export async function createSession(db: PrismaClient, userId: string, policy: SessionPolicy, now = new Date(), userAgent?: string) {
  const sessionId = randomBytes(32).toString('base64url');
  await db.session.create({
    data: {
      id: hashSessionId(sessionId),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + policy.absoluteMs),
      userAgent: userAgent?.slice(0, 300) || null,
      // Signing in just proved every factor the user has.
      stepUpAt: now,
    },
  });
  return sessionId;
}

/**
 * The user's sessions for the account page, newest first. Each is named by its stored id (the hash of the cookie's
 * id, never the cookie's id itself): enough to end it, useless as a cookie.
 */
export async function listSessionsOf(db: PrismaClient, userId: string, currentSessionId: string) {
  const current = hashSessionId(currentSessionId);
  const rows = await db.session.findMany({ where: { userId }, orderBy: { createdAt: 'desc' } });
  return rows.map((row) => ({
    id: row.id,
    device: describeUserAgent(row.userAgent),
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    current: row.id === current,
  }));
}

/** Ends one of the user's own sessions, by its listed id; false when it is not theirs or already gone. */
export async function endListedSession(db: PrismaClient, userId: string, listedId: string): Promise<boolean> {
  return (await db.session.deleteMany({ where: { id: listedId, userId } })).count === 1;
}

interface SessionJoinRow {
  lastSeenAt: Date;
  stepUpAt: Date | null;
  expiresAt: Date;
  userId: string;
  name: string;
  email: string;
  role: Role;
  deactivated: boolean;
  mustChangePassword: boolean;
  mustEnrolMfa: boolean;
  agencyId: string;
  agencyName: string;
  connectionStatus: ConnectionStatus | null;
  apiBaseUrl: string | null;
  accessTokenCiphertext: string | null;
  tokenType: string | null;
  accessTokenExpiresAt: Date | null;
  lastRefreshedAt: Date | null;
  connectedAt: Date | null;
}

// Timestamps as timestamptz (the columns hold UTC): read as the same instant by pg and by Prisma (lib/server/db.ts).
const SESSION_QUERY = `
  SELECT s."lastSeenAt" AT TIME ZONE 'UTC' AS "lastSeenAt", s."expiresAt" AT TIME ZONE 'UTC' AS "expiresAt",
    s."stepUpAt" AT TIME ZONE 'UTC' AS "stepUpAt",
    u.id AS "userId", u.name, u.email, u.role::text AS role, u."deactivatedAt" IS NOT NULL AS deactivated,
    u."mustChangePassword", a.id AS "agencyId", a.name AS "agencyName",
    a."requireMfa" AND NOT EXISTS (
      SELECT 1 FROM "TotpFactor" f WHERE f."userId" = u.id AND f."confirmedAt" IS NOT NULL
    ) AND NOT EXISTS (SELECT 1 FROM "Passkey" p WHERE p."userId" = u.id) AS "mustEnrolMfa",
    c.status::text AS "connectionStatus", c."apiBaseUrl", c."accessTokenCiphertext", c."tokenType",
    c."accessTokenExpiresAt" AT TIME ZONE 'UTC' AS "accessTokenExpiresAt",
    c."lastRefreshedAt" AT TIME ZONE 'UTC' AS "lastRefreshedAt", c."connectedAt" AT TIME ZONE 'UTC' AS "connectedAt"
  FROM "Session" s
  JOIN "User" u ON u.id = s."userId"
  JOIN "Agency" a ON a.id = u."agencyId"
  LEFT JOIN "NxsysConnection" c ON c."agencyId" = a.id
  WHERE s.id = $1`;

/**
 * The one check behind every authenticated page, route and action: the session exists, is within its idle
 * and absolute limits, and its user is still active. Anything else ends the session.
 *
 * One database round trip: the session, its user and agency, and the agency's Nxsys connection row, joined (it
 * was three Prisma queries here and a fourth for the connection on every Nxsys call, a measured share of each
 * proxied call). The connection row is kept with the returned user for this request's Nxsys call
 * (lib/server/connection-snapshot.ts).
 */
export async function resolveSession(
  db: PrismaClient,
  sessionId: string,
  policy: SessionPolicy,
  now = new Date(),
): Promise<CurrentUser | null> {
  const id = hashSessionId(sessionId);
  const [row] = await sqlRows<SessionJoinRow>(db, SESSION_QUERY, [id]);
  if (!row) return null;
  const lastSeenAt = new Date(row.lastSeenAt);
  const idleExpired = now.getTime() - lastSeenAt.getTime() > policy.idleMs;
  if (idleExpired || new Date(row.expiresAt) <= now || row.deactivated) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  if (now.getTime() - lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.session.updateMany({ where: { id }, data: { lastSeenAt: now } });
  }
  const user: CurrentUser = {
    id: row.userId,
    name: row.name,
    email: row.email,
    role: row.role,
    agency: { id: row.agencyId, name: row.agencyName },
    sessionId,
    mustChangePassword: row.mustChangePassword,
    mustEnrolMfa: row.mustEnrolMfa,
    stepUpAt: row.stepUpAt === null ? null : new Date(row.stepUpAt),
  };
  const date = (value: Date | null) => (value === null ? null : new Date(value));
  attachConnectionSnapshot(
    user,
    row.agencyId,
    row.connectionStatus === null
      ? null
      : {
          agencyId: row.agencyId,
          status: row.connectionStatus,
          apiBaseUrl: row.apiBaseUrl!,
          accessTokenCiphertext: row.accessTokenCiphertext,
          tokenType: row.tokenType,
          accessTokenExpiresAt: date(row.accessTokenExpiresAt),
          lastRefreshedAt: date(row.lastRefreshedAt),
          connectedAt: new Date(row.connectedAt!),
        },
  );
  return user;
}

/** This session proved the user's factor again (a step-up): sensitive actions pass for the next 10 minutes. */
export async function markSessionSteppedUp(db: PrismaClient, sessionId: string, now = new Date()) {
  await db.session.updateMany({ where: { id: hashSessionId(sessionId) }, data: { stepUpAt: now } });
}

export async function endSession(db: PrismaClient, sessionId: string) {
  await db.session.deleteMany({ where: { id: hashSessionId(sessionId) } });
}

export async function endAllSessionsOf(db: PrismaClient, userId: string) {
  await db.session.deleteMany({ where: { userId } });
}

/** Every session of the user but this one (after a password change in this one, or "Sign out everywhere else"). */
export async function endOtherSessionsOf(db: PrismaClient, userId: string, keepSessionId: string) {
  return (await db.session.deleteMany({ where: { userId, id: { not: hashSessionId(keepSessionId) } } })).count;
}
